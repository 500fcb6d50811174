#!/usr/bin/env bash
# OCPP load runs as measured in docs/benchmarks.md (OCPP load) (Release build of Roaming.Host and Roaming.Benchmarks first:
# dotnet build services/Roaming.Host -c Release; dotnet build tests/Roaming.Benchmarks -c Release).
#
#   ocpp-load-runs.sh register <chargers>         once: register the chargers (all services) into a template database
#   ocpp-load-runs.sh run <ingest|all|split> load-args...  each run: a fresh copy of the template, a fresh server
#                                                  (--services ingest, or every service), then the load, e.g.
#                                                  ocpp-load-runs.sh run ingest --rate 2500 --duration 30
#                                                  split: the chargers' node runs --services ingest with
#                                                  Roaming__RunDaemon=false and a second process on the same machine
#                                                  (--services ingest, port+1, no chargers) runs the daemon: outbox,
#                                                  sealing, the stale-transaction sweep (its CPU shows as "others")
#
# Copying the template gives every run the database a fresh registration gives, without 50 s of PBKDF2 hashing per run.
# Environment: SERVER_ENV="A=1 B=2" (server only), HOST_DLL (another build's roaming.dll, for A/B), BENCH_DB (roaming_bench),
# BENCH_PORT (5181), PGPORT (55432). track_functions=pl on the database lets ocpp-load report the append function's time.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DB=${BENCH_DB:-roaming_bench}; TPL=${DB}_registered; PORT=${BENCH_PORT:-5181}; PGP=${PGPORT:-55432}
HOST=${HOST_DLL:-services/Roaming.Host/bin/Release/net10.0/roaming.dll}
BENCH=tests/Roaming.Benchmarks/bin/Release/net10.0/Roaming.Benchmarks.dll
pg() { psql -h 127.0.0.1 -p "$PGP" -U postgres -q "$@"; }
export ROAMING_ADMIN_KEY=${ROAMING_ADMIN_KEY:-bench}
case "${1:-}" in
  register)
    export ROAMING_POSTGRES="Host=127.0.0.1;Port=$PGP;Database=$TPL;Username=postgres;Password=postgres"
    pg -c "drop database if exists $TPL with (force)" -c "create database $TPL"
    dotnet "$HOST" run --urls "http://127.0.0.1:$PORT" > /tmp/ocpp-load-register.log 2>&1 & pid=$!
    sleep 15
    dotnet "$BENCH" ocpp-load --url "ws://127.0.0.1:$PORT/ocpp" --chargers "$2" --register-only 2>&1 | tail -1
    sleep 5; kill $pid; wait $pid ;;
  run)
    shift; services=$1; shift
    export ROAMING_POSTGRES="Host=127.0.0.1;Port=$PGP;Database=$DB;Username=postgres;Password=postgres"
    n=$(psql -h 127.0.0.1 -p "$PGP" -U postgres -d "$TPL" -Atc "select count(*) from ingest.mt_doc_chargepointregistration")
    pg -c "drop database if exists $DB with (force)" -c "create database $DB template $TPL" -c "alter database $DB set track_functions = 'pl'"
    svc=(); [ "$services" != all ] && svc=(--services ingest)
    daemon=""
    if [ "$services" = split ]; then
      dotnet "$HOST" run --services ingest --urls "http://127.0.0.1:$((PORT + 1))" > /tmp/ocpp-load-daemon.log 2>&1 & daemon=$!
      sleep 10
    fi
    server_env=${SERVER_ENV:-NOTHING=1}; [ "$services" = split ] && server_env="$server_env Roaming__RunDaemon=false"
    env $server_env dotnet "$HOST" run "${svc[@]}" --urls "http://127.0.0.1:$PORT" > /tmp/ocpp-load-server.log 2>&1 & pid=$!
    sleep 15
    echo "=== $(date -u +%T) load average $(cut -d' ' -f1-3 /proc/loadavg): $n chargers, $services, env ${SERVER_ENV:-none}: $*"
    dotnet "$BENCH" ocpp-load --url "ws://127.0.0.1:$PORT/ocpp" --chargers "$n" --processes 2 --no-register "$@" 2>&1 | grep -v '^  t+'
    echo "=== end $(date -u +%T) load average $(cut -d' ' -f1-3 /proc/loadavg)"
    kill $pid $daemon; wait $pid $daemon 2>/dev/null ;;
  *) sed -n 2,14p "$0"; exit 2 ;;
esac
