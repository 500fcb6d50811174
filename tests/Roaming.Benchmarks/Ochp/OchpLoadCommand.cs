using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using NodaTime;
using Npgsql;
using Roaming.Benchmarks.OcppLoad;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Protocols.Ochp;

namespace Roaming.Benchmarks.Ochp;

/// <summary>
/// <c>ochp-load</c>: registers one CPO participant per client and one e-MSP through the clearing operator API, connects
/// them, lets C clients POST AddCDRs envelopes of N CDRs each to <c>/service/ochp/v1.4</c>, checks that every answer is
/// <c>ok</c> without implausible CDRs, prints CDRs/s, latency per batch and CPU per 1,000 CDRs, waits until the clearing
/// schema's sealing subscription has sealed every event, and checks that the clearing house holds exactly the CDRs sent.
/// With <c>--echo</c> the same clients run against <see cref="EchoOchpHost"/> in this process.
/// </summary>
public static class OchpLoadCommand
{
    public const string Verb = "ochp-load";

    public static async Task<int> Run(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(OchpLoadOptions.Help);
            return 0;
        }
        var options = OchpLoadOptions.Parse(args);
        if (options.Stages)
        {
            StageTimings.Print(CdrBatches.Envelope(CdrBatches.RunTag(SystemClock.Instance.GetCurrentInstant()), 1, 0, options.BatchSize), options.BatchSize);
            return 0;
        }
        (Microsoft.AspNetCore.Builder.WebApplication App, EchoOchpService Service, Uri Url)? echo = null;
        if (options.Echo)
        {
            echo = await EchoOchpHost.Start();
            options = options with { Url = echo.Value.Url, ServerPid = Environment.ProcessId, Postgres = null };
        }
        try
        {
            return await Measure(options, echo?.Service);
        }
        finally
        {
            if (echo is { } running)
            {
                await running.App.StopAsync();
                await running.App.DisposeAsync();
            }
        }
    }

    private static async Task<int> Measure(OchpLoadOptions options, EchoOchpService? echo)
    {
        var target = echo is null ? $"{options.ServiceUrl}" : $"the bare SoapCore echo at {options.ServiceUrl} (in this process)";
        Console.WriteLine($"ochp-load: {options.Clients} clients x {options.Batches} batches of {options.BatchSize} CDRs" +
                          (options.Seconds > 0 ? $" (at most {options.Seconds} s)" : "") + $" -> {target}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

        (long All, long Accepted)? before = null;
        if (echo is null)
        {
            await Register(options);
            before = await CountCdrs(options);
        }

        var runStart = SystemClock.Instance.GetCurrentInstant();
        var runTag = CdrBatches.RunTag(runStart);
        var build = Stopwatch.StartNew();
        var envelopes = Enumerable.Range(1, options.Clients)
            .Select(client => Enumerable.Range(0, options.Batches).Select(b => CdrBatches.Envelope(runTag, client, b, options.BatchSize)).ToArray())
            .ToArray();
        Console.WriteLine($"built {options.Clients * options.Batches} envelopes (run {runTag}) in {build.Elapsed.TotalSeconds:0.0} s; " +
                          $"one is {envelopes[0][0].Length / 1024.0:0} KB ({envelopes[0][0].Length / options.BatchSize:0} bytes per CDR)");

        var clients = Enumerable.Range(1, options.Clients).Select(_ => NewSoapClient()).ToArray();
        try
        {
            // Warm-up: one CDR per client, repeated while the OCHP service's replica does not know the login or the connection yet.
            var warmup = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(1, options.Clients).Select(client => WarmUp(options, clients[client - 1], runTag, client)));
            Console.WriteLine($"warm-up (1 CDR per client, until the login and connection are known): {warmup.Elapsed.TotalSeconds:0.0} s");

            var serverPid = options.ServerPid ?? CpuSnapshot.ListeningPid(options.Url.Port);
            var postmasterPid = string.IsNullOrEmpty(options.Postgres) ? null : CpuSnapshot.ListeningPid(new NpgsqlConnectionStringBuilder(options.Postgres).Port);
            var backends = await DatabaseBackends(options);
            var cpuAtGo = CpuSnapshot.Take(serverPid, [], postmasterPid);
            var latency = new LatencyHistogram();
            var failures = new List<string>();
            long cdrsAccepted = 0, batchesSent = 0;
            double maxMs = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => Task.Run(async () =>
            {
                foreach (var envelope in envelopes[c])
                {
                    if (options.Seconds > 0 && clock.Elapsed.TotalSeconds >= options.Seconds) break;
                    var started = Stopwatch.GetTimestamp();
                    var (ok, problem) = await Send(clients[c], options, envelope);
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    latency.Record(ms * 1000);
                    Interlocked.Increment(ref batchesSent);
                    lock (failures)
                    {
                        maxMs = Math.Max(maxMs, ms);
                        if (!ok) failures.Add(problem!);
                    }
                    if (ok) Interlocked.Add(ref cdrsAccepted, options.BatchSize);
                }
            })));
            var wall = clock.Elapsed.TotalSeconds;
            backends.UnionWith(await DatabaseBackends(options));
            var cpuAtEnd = CpuSnapshot.Take(serverPid, [], postmasterPid);
            var cdrsSent = batchesSent * options.BatchSize;

            Console.WriteLine($"--- load: {batchesSent} batches, {cdrsSent} CDRs in {wall:0.00} s: {cdrsSent / wall:0} CDRs/s (wall), {batchesSent / wall:0.0} batches/s; " +
                              $"answers ok without implausible CDRs: {batchesSent - failures.Count} of {batchesSent}");
            foreach (var failure in failures.Take(3))
                Console.WriteLine($"  NOT OK: {failure}");
            Console.WriteLine($"latency per batch: p50 {latency.PercentileMs(0.50):0} ms, p90 {latency.PercentileMs(0.90):0} ms, p99 {latency.PercentileMs(0.99):0} ms, max {maxMs:0} ms");
            Console.WriteLine(CpuSnapshot.Describe(cpuAtGo, cpuAtEnd));
            Console.WriteLine(CpuPerThousand("load", cpuAtGo, cpuAtEnd, backends, cdrsSent, echo is not null));

            if (echo is not null)
            {
                Console.WriteLine($"echo received {echo.CdrsReceived} CDRs (sent {cdrsSent + options.Clients} incl. the warm-up)");
                Console.WriteLine($"RESULT echo clients={options.Clients} batch={options.BatchSize} cdrs_per_s={cdrsSent / wall:0} p99_ms={latency.PercentileMs(0.99):0} load={LoadAverage().Split(' ')[0]}");
                return failures.Count == 0 && echo.CdrsReceived == cdrsSent + options.Clients ? 0 : 1;
            }

            var sealedOk = true;
            if (!string.IsNullOrEmpty(options.Postgres))
            {
                var schema = ServiceStores.SchemaName(new RoamingOptions { SchemaPrefix = options.SchemaPrefix }, "clearing");
                var (sealSeconds, lastEvent) = await WaitUntilSealed(options.Postgres, schema, TimeSpan.FromSeconds(options.SealTimeoutSeconds));
                var cpuSealed = CpuSnapshot.Take(serverPid, [], postmasterPid);
                sealedOk = sealSeconds is not null;
                Console.WriteLine(sealSeconds is { } s
                    ? $"--- sealed: every clearing event (up to seq {lastEvent}) sealed {s:0.00} s after the last answer: {cdrsSent / (wall + s):0} CDRs/s including sealing"
                    : $"--- NOT sealed within {options.SealTimeoutSeconds} s (last event seq {lastEvent})");
                Console.WriteLine(CpuPerThousand("load + sealing", cpuAtGo, cpuSealed, backends, cdrsSent, echoInProcess: false));
                Console.WriteLine($"RESULT server clients={options.Clients} batch={options.BatchSize} cdrs_per_s={cdrsSent / wall:0} p99_ms={latency.PercentileMs(0.99):0} " +
                                  $"sealed_after_s={sealSeconds:0.00} cdrs_per_s_incl_sealing={(sealSeconds is { } t ? cdrsSent / (wall + t) : 0):0} load={LoadAverage().Split(' ')[0]}");
            }
            else
                Console.WriteLine("sealing: not measured (no --postgres / ROAMING_POSTGRES)");

            var expected = cdrsSent + options.Clients; // + one warm-up CDR per client
            var (allAfter, acceptedAfter) = await CountCdrs(options);
            var (all, accepted) = (allAfter - before!.Value.All, acceptedAfter - before.Value.Accepted);
            var held = all == expected && accepted == expected;
            Console.WriteLine($"clearing house holds {all} more CDRs of the bench e-MSP, {accepted} more accepted; sent {expected} (incl. {options.Clients} warm-up): {(held ? "OK" : "MISMATCH")}");
            return failures.Count == 0 && held && sealedOk ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static HttpClient NewSoapClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>POSTs the envelope; ok when the answer is an AddCDRsResponse with result ok and no implausible CDR.</summary>
    private static async Task<(bool Ok, string? Problem)> Send(HttpClient http, OchpLoadOptions options, byte[] envelope)
    {
        using var content = new ByteArrayContent(envelope);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        content.Headers.Add("SOAPAction", $"\"{OchpOperations.For<AddCdrsRequest>().SoapAction}\"");
        try
        {
            using var response = await http.PostAsync(options.ServiceUrl, content);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var body = SoapEnvelope.ReadResponse(new MemoryStream(bytes), 50_000_000);
            var answer = OchpXml.FromElement<AddCdrsResponse>(body);
            return answer.Result.ResultCode.Value == ResultCode.Ok && answer.ImplausibleCdrsArray.Count == 0
                ? (true, null)
                : (false, $"{answer.Result.ResultCode.Value}: {answer.Result.ResultDescription} ({answer.ImplausibleCdrsArray.Count} implausible)");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or SoapFaultException or InvalidOperationException or System.Xml.XmlException)
        {
            return (false, exception.GetBaseException().Message);
        }
    }

    private static async Task WarmUp(OchpLoadOptions options, HttpClient http, string runTag, int client)
    {
        var envelope = CdrBatches.Envelope(runTag, client, batch: -1, size: 1);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var (ok, problem) = await Send(http, options, envelope);
            if (ok) return;
            // The OCHP service learns logins and connections from the clearing service's integration events: wait for them.
            var notYet = problem is not null && (problem.StartsWith("NotAuthorized", StringComparison.Ordinal) || problem.StartsWith("Roaming", StringComparison.Ordinal));
            if (!notYet || deadline.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException($"warm-up of client {client} failed: {problem}");
            await Task.Delay(200);
        }
    }

    // --- registration through the clearing operator API -----------------------------------------------------------------

    private static async Task Register(OchpLoadOptions options)
    {
        if (string.IsNullOrEmpty(options.AdminKey))
            throw new ArgumentException("registering needs the operator key: --admin-key or ROAMING_ADMIN_KEY");
        using var api = Api(options);
        var watch = Stopwatch.StartNew();
        await Put(api, $"clearing/participants/{CdrBatches.EmspParticipant}", new
        {
            name = "Bench e-MSP", operator_ids = Array.Empty<string>(), provider_ids = new[] { CdrBatches.ProviderId },
            ochp = new { username = CdrBatches.EmspParticipant, password = CdrBatches.Password },
        });
        for (var client = 1; client <= options.Clients; client++)
        {
            await Put(api, $"clearing/participants/{CdrBatches.CpoParticipant(client)}", new
            {
                name = $"Bench CPO {client}", operator_ids = new[] { CdrBatches.OperatorId(client) }, provider_ids = Array.Empty<string>(),
                ochp = new { username = CdrBatches.CpoUsername(client), password = CdrBatches.Password },
            });
            await Put(api, $"clearing/connections/{CdrBatches.OperatorId(client)}/{CdrBatches.ProviderId}", new { });
        }
        Console.WriteLine($"registered 1 e-MSP and {options.Clients} CPOs with their connections in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private static HttpClient Api(OchpLoadOptions options)
    {
        var api = new HttpClient { BaseAddress = options.ApiBase, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminKey);
        return api;
    }

    private static async Task Put(HttpClient api, string path, object body)
    {
        using var response = await api.PutAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The CDRs of the bench e-MSP, all and accepted (X-Total-Count), counted before and after the run: the participants
    /// are reused by every run on the same database, and the count does not depend on the client's and server's clocks.
    /// </summary>
    private static async Task<(long All, long Accepted)> CountCdrs(OchpLoadOptions options)
    {
        using var api = Api(options);
        async Task<long> Count(string? status)
        {
            using var response = await api.GetAsync($"clearing/cdrs?participant={CdrBatches.EmspParticipant}&limit=1" + (status is null ? "" : $"&status={status}"));
            response.EnsureSuccessStatusCode();
            return long.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
        }
        return (await Count(null), await Count("accepted"));
    }

    // --- sealing and PostgreSQL ------------------------------------------------------------------------------------------

    /// <summary>Seconds until the sealing subscription's progression reaches the clearing schema's last event, or null at the timeout.</summary>
    private static async Task<(double? Seconds, long LastEvent)> WaitUntilSealed(string postgres, string schema, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        var lastEvent = await Scalar(connection, $"select coalesce(max(seq_id), 0) from {schema}.mt_events");
        while (watch.Elapsed < timeout)
        {
            var sealedUpTo = await Scalar(connection, $"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like 'sealing%'");
            if (sealedUpTo >= lastEvent)
                return (watch.Elapsed.TotalSeconds, lastEvent);
            await Task.Delay(100);
        }
        return (null, lastEvent);
    }

    private static async Task<long> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The PostgreSQL backends connected to the server's database (its pool), to count their CPU alone on a shared instance.</summary>
    private static async Task<HashSet<int>> DatabaseBackends(OchpLoadOptions options)
    {
        if (string.IsNullOrEmpty(options.Postgres)) return [];
        await using var connection = new NpgsqlConnection(options.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()", connection);
        var pids = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }

    private static string CpuPerThousand(string phase, CpuSnapshot from, CpuSnapshot to, IReadOnlySet<int> backends, long cdrs, bool echoInProcess)
    {
        var per = 1000.0 / Math.Max(1, cdrs);
        var server = (to.Server - from.Server) * per;
        var postgres = to.Postgres.Where(p => backends.Contains(p.Key) && from.Postgres.ContainsKey(p.Key)).Sum(p => p.Value - from.Postgres[p.Key]) * per;
        var seconds = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
        var serverName = echoInProcess ? "benchmark process (echo server + clients)" : "server";
        return $"CPU per 1,000 CDRs ({phase}, {seconds:0.0} s): {serverName} {server * 1000:0} ms" +
               (echoInProcess ? "" : $", PostgreSQL backends of the server's database {postgres * 1000:0} ms");
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
}
