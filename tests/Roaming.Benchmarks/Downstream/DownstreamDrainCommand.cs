using static Roaming.Benchmarks.BenchmarkArguments;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Roaming.Benchmarks.OcppLoad;
using Roaming.Charging;
using Roaming.Charging.Authorizations;
using Roaming.Charging.Locations;
using Roaming.Ingest;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Recording;
using Roaming.Ingest.Transactions;
using Roaming.Network;
using Roaming.Ocpi;
using Roaming.Platform.Hosting;
using Roaming.Testing;
using Roaming.Tokens;

namespace Roaming.Benchmarks.Downstream;

/// <summary>
/// <c>downstream drain</c>: how fast the downstream path (Ingest's outbox → Charging's session recording and running
/// cost → OCPI's session document) works off a backlog of Ingest facts. Seeds tariffs, locations and tokens through the
/// operator API of a first host, appends the facts of many concurrent sessions (start, status, N MeterValues of 8
/// sampled values 10 s apart, status, stop, each with its two recorded frames) straight into Ingest's event log, then
/// starts the whole system (every module, like <c>roaming run</c>) and prints per second how many MeterValuesReported
/// Charging has handled and how many session progress updates OCPI has stored, then the rates and the CPU split.
/// </summary>
public static class DownstreamDrainCommand
{
    public const string Verb = "downstream";
    private const string Database = "roaming_downstream_bench";
    private const int Locations = 100;
    private const int EvsesPerLocation = 10;
    private const int Tokens = 200;

    public static async Task<int> Run(string[] args)
    {
        if (args is not ["drain", ..])
        {
            Console.Error.WriteLine("usage: downstream drain [--sessions 2000] [--samples 20] [--transport inmemory|rabbitmq]");
            return 1;
        }
        var sessions = IntOption(args, "--sessions", 2000);
        var samples = IntOption(args, "--samples", 20);
        var transport = Enum.Parse<TransportKind>(StringOption(args, "--transport", "InMemory"), ignoreCase: true);
        var server = PostgresServer;
        var database = await PostgresDatabase.Recreate(server, Database);

        Console.WriteLine($"seeding {Locations} locations x {EvsesPerLocation} EVSEs, 1 tariff, {Tokens} tokens through the operator API");
        await using (var seeding = await StartHost(database, transport))
        {
            await Seed(seeding);
            await WaitFor("Charging to know the seeded locations, tariff and tokens", async () =>
            {
                await using var query = seeding.Services.GetRequiredService<IChargingStore>().QuerySession();
                return await query.Query<LocationSnapshot>().CountAsync() == Locations
                    && await query.Query<TokenSnapshot>().CountAsync() == Tokens
                    && await query.Query<Charging.Tariffs.TariffHistory>().CountAsync() == 1;
            });
            await seeding.StopAsync();
        }

        var draining = await BuildHost(database, transport);
        var appendClock = Stopwatch.StartNew();
        var meterValues = await AppendFacts(draining.Services.GetRequiredService<IIngestStore>(), sessions, samples);
        // Statistics as a running system has them: without, PostgreSQL estimates the fresh backlog at a few hundred rows and
        // plans each outbox page as "read and sort the whole backlog" (700 ms instead of 16 ms per page) until autovacuum
        // analyzes the tables, 20-30 s into the run.
        await Execute(database, "analyze");
        Console.WriteLine($"appended {sessions:N0} sessions with {meterValues:N0} MeterValues ({sessions * (samples + 4) * 3:N0} events with frames) " +
                          $"in {appendClock.Elapsed.TotalSeconds:F1} s; starting the system ({transport})");

        var postmaster = CpuSnapshot.ListeningPid(new NpgsqlConnectionStringBuilder(database).Port);
        var before = CpuSnapshot.Take(Environment.ProcessId, [], postmaster);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var clock = Stopwatch.StartNew();
        await draining.StartAsync();
        long charged = 0, previous = 0, stored = 0, cdrs = 0;
        TimeSpan firstHandled = default, chargingDone = default;
        CpuSnapshot? atChargingDone = null;
        while (charged < meterValues || cdrs < sessions || stored < await Progressed(database))
        {
            await Task.Delay(1000);
            charged = await Handled(database, "charging", "OnMeterValuesReported");
            stored = await Handled(database, "ocpi", "OnChargingSessionProgressed");
            cdrs = await SqlScalar.Read(database, "select count(*) from charging.mt_events where type = 'cdr_issued'");
            if (charged > 0 && firstHandled == default)
                firstHandled = clock.Elapsed - TimeSpan.FromSeconds(1);
            if (charged >= meterValues && chargingDone == default)
            {
                chargingDone = clock.Elapsed;
                atChargingDone = CpuSnapshot.Take(Environment.ProcessId, [], postmaster);
            }
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:F0} s  MeterValuesReported handled {charged,9:N0} (+{charged - previous:N0}/s)  " +
                              $"session progress: charging {await Progressed(database),8:N0}, OCPI stored {stored,8:N0}  CDRs {cdrs,6:N0}");
            previous = charged;
            if (clock.Elapsed > TimeSpan.FromMinutes(30))
                throw new TimeoutException("not drained after 30 minutes");
        }
        var total = clock.Elapsed;
        var after = CpuSnapshot.Take(Environment.ProcessId, [], postmaster);
        Console.WriteLine($"load average (1 min) before the start {load}, at the end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"host start-up until the first MeterValuesReported was handled: {firstHandled.TotalSeconds:F0} s (not counted below)");
        Console.WriteLine($"Charging handled {meterValues:N0} MeterValuesReported in {(chargingDone - firstHandled).TotalSeconds:F1} s = " +
                          $"{meterValues / (chargingDone - firstHandled).TotalSeconds:N0}/s");
        Console.WriteLine($"end to end (every CDR issued, OCPI stored all {stored:N0} session progress updates): {(total - firstHandled).TotalSeconds:F1} s = " +
                          $"{meterValues / (total - firstHandled).TotalSeconds:N0} MeterValuesReported/s");
        Console.WriteLine(DescribeCpu(before, after));
        // Per message, so that runs beside other engineers' builds compare (the rates above depend on the cores they leave).
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host + PostgreSQL CPU per MeterValuesReported (start-up included): until Charging handled all " +
            $"{1000 * BusyCpuSeconds(before, atChargingDone!) / meterValues:0.00} ms, end to end {1000 * BusyCpuSeconds(before, after) / meterValues:0.00} ms"));
        await draining.StopAsync();
        await draining.DisposeAsync();
        return 0;
    }

    private static async Task<WebApplication> StartHost(string database, TransportKind transport)
    {
        var host = await BuildHost(database, transport);
        await host.StartAsync();
        return host;
    }

    private static Task<WebApplication> BuildHost(string database, TransportKind transport)
    {
        IRoamingModule[] modules = [new IngestModule(), new NetworkModule(), new ChargingModule(), new TokensModule(), new Roaming.Audit.AuditModule(), new OcpiModule()];
        var builder = RoamingApplication.CreateBuilder([], modules, options =>
        {
            options.Postgres = database;
            options.Transport = transport;
            options.AdminKey = "bench";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreeTcpPort()}");
        return Task.FromResult(RoamingApplication.Build(builder, modules));
    }


    private static async Task Seed(WebApplication host)
    {
        var address = host.Urls.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench");
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await Put(http, "/api/tariffs/BENCH", new JsonObject
        {
            ["country_code"] = "NL", ["party_id"] = "TNM", ["id"] = "BENCH", ["currency"] = "EUR",
            ["elements"] = new JsonArray(new JsonObject
            {
                ["price_components"] = new JsonArray(
                    new JsonObject { ["type"] = "FLAT", ["price"] = 0.50m, ["vat"] = 21.0m, ["step_size"] = 1 },
                    new JsonObject { ["type"] = "ENERGY", ["price"] = 0.30m, ["vat"] = 21.0m, ["step_size"] = 1 },
                    new JsonObject { ["type"] = "TIME", ["price"] = 1.20m, ["vat"] = 21.0m, ["step_size"] = 60 }),
            }),
            ["last_updated"] = now,
        });
        for (var l = 0; l < Locations; l++)
        {
            var evses = new JsonArray();
            for (var e = 0; e < EvsesPerLocation; e++)
                evses.Add(new JsonObject
                {
                    ["uid"] = $"L{l}-E{e}", ["evse_id"] = $"NL*TNM*E{l:D4}{e:D2}", ["status"] = "AVAILABLE",
                    ["connectors"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "1", ["standard"] = "IEC_62196_T2", ["format"] = "SOCKET", ["power_type"] = "AC_3_PHASE",
                        ["max_voltage"] = 230, ["max_amperage"] = 32, ["tariff_ids"] = new JsonArray("BENCH"), ["last_updated"] = now,
                    }),
                    ["last_updated"] = now,
                });
            await Put(http, $"/api/locations/L{l}", new JsonObject
            {
                ["country_code"] = "NL", ["party_id"] = "TNM", ["id"] = $"L{l}", ["publish"] = true,
                ["name"] = $"Garage {l}", ["address"] = "Stationsplein 1", ["city"] = "Amsterdam", ["postal_code"] = "1012AB",
                ["country"] = "NLD", ["coordinates"] = new JsonObject { ["latitude"] = "52.378900", ["longitude"] = "4.900500" },
                ["time_zone"] = "Europe/Amsterdam", ["evses"] = evses, ["last_updated"] = now,
            });
        }
        for (var t = 0; t < Tokens; t++)
            await Put(http, $"/api/tokens/TOKEN{t}", new JsonObject
            {
                ["country_code"] = "NL", ["party_id"] = "TNM", ["uid"] = $"TOKEN{t}", ["type"] = "RFID",
                ["contract_id"] = $"NL-TNM-C{t:D8}-X", ["issuer"] = "Bench", ["valid"] = true, ["whitelist"] = "ALLOWED", ["last_updated"] = now,
            });
    }

    private static async Task Put(HttpClient http, string path, JsonObject body)
    {
        var response = await http.PutAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The facts Ingest records for concurrent sessions, in the interleaved order chargers report them.</summary>
    private static async Task<long> AppendFacts(IIngestStore store, int sessions, int samples)
    {
        var start = SystemClock.Instance.GetCurrentInstant() - Duration.FromSeconds(10 * (samples + 2));
        var connection = Guid.NewGuid();
        var rounds = new List<Func<int, (string ChargePointId, object Fact, string Call)>>
        {
            s => (Cp(s), new TransactionStarted(Cp(s), Tx(s), "1.6", 1, 1, Mapping(s), $"TOKEN{s % Tokens}", 1000m * s, "Accepted",
                start, start, false, $"start-{s}", null), $"[2,\"s{s}\",\"StartTransaction\",{{\"connectorId\":1,\"idTag\":\"TOKEN{s % Tokens}\",\"meterStart\":{1000 * s},\"timestamp\":\"{start}\"}}]"),
            s => (Cp(s), new ConnectorStatusReported(Cp(s), 1, 1, Mapping(s), "Charging", "NoError", Tx(s), start, start),
                $"[2,\"c{s}\",\"StatusNotification\",{{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Charging\",\"timestamp\":\"{start}\"}}]"),
        };
        for (var r = 1; r <= samples; r++)
        {
            var round = r;
            rounds.Add(s => (Cp(s), Sampled(s, round, start + Duration.FromSeconds(10 * round)), MeterValuesFrame(s, round, start + Duration.FromSeconds(10 * round))));
        }
        var end = start + Duration.FromSeconds(10 * (samples + 1));
        rounds.Add(s => (Cp(s), new ConnectorStatusReported(Cp(s), 1, 1, Mapping(s), "Finishing", "NoError", Tx(s), end, end),
            $"[2,\"f{s}\",\"StatusNotification\",{{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Finishing\",\"timestamp\":\"{end}\"}}]"));
        rounds.Add(s => (Cp(s), new TransactionStopped(Cp(s), Tx(s), 1000m * s + 2000m * (samples + 1), "Local", $"TOKEN{s % Tokens}", end, end, false, false, false),
            $"[2,\"e{s}\",\"StopTransaction\",{{\"transactionId\":{s},\"meterStop\":{1000 * s + 2000 * (samples + 1)},\"timestamp\":\"{end}\"}}]"));

        const int factsPerCommit = 500;
        var pending = 0;
        var session = store.LightweightSession();
        foreach (var round in rounds)
        {
            for (var s = 0; s < sessions; s++)
            {
                var (chargePointId, fact, call) = round(s);
                session.Events.Append(chargePointId, fact);
                session.Events.Append(FrameStreams.For(chargePointId), new OcppFrameRecorded(chargePointId, connection, FrameDirection.FromChargePoint, $"m{s}", call, start),
                    new OcppFrameRecorded(chargePointId, connection, FrameDirection.ToChargePoint, $"m{s}", "[3,\"m\",{}]", start));
                if (++pending < factsPerCommit)
                    continue;
                await session.SaveChangesAsync();
                await session.DisposeAsync();
                session = store.LightweightSession();
                pending = 0;
            }
        }
        await session.SaveChangesAsync();
        await session.DisposeAsync();
        return (long)sessions * samples;
    }

    private static string Cp(int session) => $"CP{session:D6}";

    private static string Tx(int session) => session.ToString(CultureInfo.InvariantCulture);

    private static ConnectorMapping Mapping(int session) =>
        new(1, 1, $"L{session / EvsesPerLocation % Locations}", $"L{session / EvsesPerLocation % Locations}-E{session % EvsesPerLocation}", "1");

    /// <summary>One MeterValues of a three-phase AC charger: the energy register, power, and current and voltage per phase.</summary>
    private static MeterValuesSampled Sampled(int session, int round, Instant at)
    {
        SampledValue Value(string measurand, string? phase, decimal value, string unit) => new(at, measurand, phase, "Sample.Periodic", "Outlet", value, unit, null);
        return new MeterValuesSampled(Cp(session), Tx(session), 1, 1,
        [
            Value("Energy.Active.Import.Register", null, 1000m * session + 2000m * round, "Wh"),
            Value("Power.Active.Import", null, 11000m, "W"),
            Value("Current.Import", "L1", 16m, "A"), Value("Current.Import", "L2", 16m, "A"), Value("Current.Import", "L3", 16m, "A"),
            Value("Voltage", "L1-N", 230m, "V"), Value("Voltage", "L2-N", 230m, "V"), Value("Voltage", "L3-N", 230m, "V"),
        ], at, null);
    }

    private static string MeterValuesFrame(int session, int round, Instant at) =>
        $"[2,\"mv{session}-{round}\",\"MeterValues\",{{\"connectorId\":1,\"transactionId\":{session},\"meterValue\":[{{\"timestamp\":\"{at}\",\"sampledValue\":[" +
        $"{{\"value\":\"{1000 * session + 2000 * round}\",\"measurand\":\"Energy.Active.Import.Register\",\"unit\":\"Wh\"}},{{\"value\":\"11000\",\"measurand\":\"Power.Active.Import\",\"unit\":\"W\"}}," +
        "{\"value\":\"16\",\"measurand\":\"Current.Import\",\"phase\":\"L1\",\"unit\":\"A\"},{\"value\":\"16\",\"measurand\":\"Current.Import\",\"phase\":\"L2\",\"unit\":\"A\"}," +
        "{\"value\":\"16\",\"measurand\":\"Current.Import\",\"phase\":\"L3\",\"unit\":\"A\"},{\"value\":\"230\",\"measurand\":\"Voltage\",\"phase\":\"L1-N\",\"unit\":\"V\"}," +
        "{\"value\":\"230\",\"measurand\":\"Voltage\",\"phase\":\"L2-N\",\"unit\":\"V\"},{\"value\":\"230\",\"measurand\":\"Voltage\",\"phase\":\"L3-N\",\"unit\":\"V\"}]}]}]";

    private static Task<long> Handled(string database, string schema, string consumer) =>
        SqlScalar.Read(database, $"select count(*) from {schema}.mt_doc_handledmessage where data ->> 'consumer' = '{consumer}'");

    private static Task<long> Progressed(string database) =>
        SqlScalar.Read(database, "select count(*) from charging.mt_events where type = 'session_progressed'");

    /// <summary>
    /// PostgreSQL backends are opened by the host after the first snapshot: a backend new at the end counts from 0. Only the
    /// instance the host writes to counts as PostgreSQL when its postmaster was found (another instance is "everything else").
    /// </summary>
    /// <summary>CPU seconds the host and its PostgreSQL instance used between the two snapshots.</summary>
    private static double BusyCpuSeconds(CpuSnapshot from, CpuSnapshot to) =>
        to.Server - from.Server + to.Postgres.Where(p => to.ServingPostgres?.Contains(p.Key) ?? true)
            .Sum(p => p.Value - from.Postgres.GetValueOrDefault(p.Key));

    private static string DescribeCpu(CpuSnapshot from, CpuSnapshot to)
    {
        var seconds = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
        var host = (to.Server - from.Server) / seconds;
        var postgres = to.Postgres.Where(p => to.ServingPostgres?.Contains(p.Key) ?? true)
            .Sum(p => p.Value - from.Postgres.GetValueOrDefault(p.Key)) / seconds;
        var machine = (to.Machine - from.Machine) / seconds;
        var which = to.ServingPostgres is null ? "all instances" : "the host's instance";
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU over the run (cores busy of {Environment.ProcessorCount}): host {host:0.00}, PostgreSQL ({which}) {postgres:0.00}, " +
            $"everything else {machine - host - postgres:0.00}; machine {machine:0.00}");
    }

    private static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitFor(string what, Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException($"waited 2 minutes for {what}");
            await Task.Delay(250);
        }
    }
}
