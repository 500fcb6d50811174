#!/usr/bin/env bash
# AddCDRs runs as measured in docs/benchmarks.md (OCHP AddCDRs) (Release builds first:
# dotnet build services/Roaming.Host -c Release; dotnet build tests/Roaming.Benchmarks -c Release).
#
#   ochp-load-runs.sh server <ochp-load args...>   a fresh database, a fresh `roaming run --services clearing,ochp`,
#                                                  then the load, e.g. ochp-load-runs.sh server --clients 2 --batches 50
#   ochp-load-runs.sh echo <ochp-load args...>     the same clients against the bare SoapCore echo (no server, no database)
#
# Environment: BENCH_DB (roaming_ochp_bench), BENCH_PORT (5191), PGPORT (55432), SERVER_ENV="A=1 B=2" (server only),
# HOST_DLL (another build's roaming.dll, for A/B).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
DB=${BENCH_DB:-roaming_ochp_bench}; PORT=${BENCH_PORT:-5191}; PGP=${PGPORT:-55432}
HOST=${HOST_DLL:-services/Roaming.Host/bin/Release/net10.0/roaming.dll}
BENCH=tests/Roaming.Benchmarks/bin/Release/net10.0/Roaming.Benchmarks.dll
export ROAMING_ADMIN_KEY=${ROAMING_ADMIN_KEY:-bench}
mode=${1:-}; shift || true
case "$mode" in
  server)
    export ROAMING_POSTGRES="Host=127.0.0.1;Port=$PGP;Database=$DB;Username=postgres;Password=postgres"
    psql -h 127.0.0.1 -p "$PGP" -U postgres -q -c "drop database if exists $DB with (force)" -c "create database $DB"
    env ${SERVER_ENV:-} dotnet "$HOST" run --services clearing,ochp --urls "http://127.0.0.1:$PORT" > /tmp/ochp-load-server.log 2>&1 & pid=$!
    for _ in $(seq 1 240); do
      curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null && break
      kill -0 $pid 2> /dev/null || { echo "server exited, see /tmp/ochp-load-server.log"; exit 1; }
      sleep 0.5
    done
    dotnet "$BENCH" ochp-load --url "http://127.0.0.1:$PORT" --postgres "$ROAMING_POSTGRES" "$@"; rc=$?
    kill $pid; wait $pid 2> /dev/null
    exit $rc ;;
  echo)
    exec dotnet "$BENCH" ochp-load --echo "$@" ;;
  *)
    sed -n 2,11p "$0"; exit 2 ;;
esac
