using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Roaming.Benchmarks.OcppLoad;

/// <summary>
/// <c>ocpp-load</c>: registers the chargers through the operator API, starts the worker processes, reads the server's
/// RSS before and after the connections, runs the load phase, prints connections held, durable frames/s, CALL→CALLRESULT
/// latency and memory per connection, and checks that PostgreSQL holds two frames per CALL sent.
/// </summary>
public static partial class OcppLoadCommand
{
    public static async Task<int> Run(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(LoadOptions.Help);
            return 0;
        }
        var options = LoadOptions.Parse(args);
        Console.WriteLine($"ocpp-load: {options.Chargers} chargers, {options.Processes} processes, mode {options.Mode}" +
                          (options.Mode == LoadMode.Rate ? $" at {options.Rate} CALLs/s" : "") + $", {options.Duration} s, {options.Url}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");

        if (options.Register || options.RegisterOnly)
            await Register(options);
        if (options.RegisterOnly)
            return 0;

        var serverPid = options.ServerPid ?? CpuSnapshot.ListeningPid(options.Url.Port);
        var postmasterPid = string.IsNullOrEmpty(options.Postgres) ? null : CpuSnapshot.ListeningPid(new NpgsqlConnectionStringBuilder(options.Postgres).Port);
        var framesBefore = await CountFrames(options);
        var rssBefore = serverPid is { } pid ? RssKb(pid) : null;
        Console.WriteLine($"server pid {serverPid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, RSS before {Mb(rssBefore)}; " +
                          $"frames of {options.ChargerId(options.First)}..{options.ChargerId(options.First + options.Chargers - 1)} already recorded: {framesBefore?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}");

        var workers = StartWorkers(options);
        var loadAverage = new List<string>();
        var connectWatch = Stopwatch.StartNew();
        var progress = Task.Run(async () =>
        {
            while (workers.Any(w => w.Result is null))
            {
                await Task.Delay(5000);
                loadAverage.Add(File.ReadAllText("/proc/loadavg").Split(' ')[0]);
                var stats = workers.Select(w => w.LastStat).OfType<WorkerSnapshot>().ToList();
                if (stats.Count == 0) continue;
                Console.WriteLine($"  t+{connectWatch.Elapsed.TotalSeconds,5:0}s connected {stats.Sum(s => s.Connected) - stats.Sum(s => s.Disconnects)}" +
                                  $" (failed {stats.Sum(s => s.ConnectFailures)}), CALLs answered {stats.Sum(s => s.CallResults)}, errors {stats.Sum(s => s.CallErrors)}," +
                                  $" timeouts {stats.Sum(s => s.Timeouts)}, server RSS {Mb(serverPid is { } p ? RssKb(p) : null)}, load {loadAverage[^1]}");
            }
        });

        await Task.WhenAll(workers.Select(w => w.Connected.Task));
        var connectSeconds = connectWatch.Elapsed.TotalSeconds;
        var connected = workers.Sum(w => w.Connected.Task.Result.Connected - w.Connected.Task.Result.Disconnects);
        await Task.Delay(3000); // let the server settle (boot and status exchanges are already answered)
        var rssConnected = serverPid is { } pid2 ? RssKb(pid2) : null;
        var connectLatency = new LatencyHistogram();
        foreach (var w in workers) connectLatency.Add(w.Connected.Task.Result.ConnectLatency);
        Console.WriteLine($"connected and booted {connected} of {options.Chargers} in {connectSeconds:0.0} s " +
                          $"({connected / connectSeconds:0} chargers/s incl. boot + 2 status; WebSocket upgrade p50 {connectLatency.PercentileMs(0.5):0.0} ms, p99 {connectLatency.PercentileMs(0.99):0.0} ms)");
        if (rssBefore is { } before && rssConnected is { } after && connected > 0)
            Console.WriteLine($"server RSS {Mb(before)} -> {Mb(after)}: {(after - before) / (double)connected:0.0} KB per connection");

        var readingsAtGo = await ServerReadings.Take(options);
        var cpuAtGo = CpuSnapshot.Take(serverPid, workers.Select(w => w.Process.Id), postmasterPid);
        foreach (var w in workers) w.Send("GO");
        await Task.WhenAll(workers.Select(w => w.AtEnd.Task));
        var cpuAtEnd = CpuSnapshot.Take(serverPid, workers.Select(w => w.Process.Id), postmasterPid);
        var readingsAtEnd = await ServerReadings.Take(options);
        var results = await Task.WhenAll(workers.Select(w => w.ResultTask.Task));
        var rssEnd = serverPid is { } pid3 ? RssKb(pid3) : null;
        foreach (var w in workers) w.Send("CLOSE");
        await Task.WhenAll(workers.Select(w => w.Process.WaitForExitAsync()));
        await progress;

        Report(options, results, connected, rssConnected, rssEnd, loadAverage);
        Console.WriteLine(CpuSnapshot.Describe(cpuAtGo, cpuAtEnd));
        var loadCalls = results.Sum(r => r.AtEnd.CallsSent - r.AtGo.CallsSent);
        Console.WriteLine(ServerReadings.Describe(readingsAtGo, readingsAtEnd, loadCalls, options.Duration));

        var framesAfter = await CountFrames(options);
        var sent = results.Sum(r => r.Final.CallsSent);
        var answered = results.Sum(r => r.Final.CallResults + r.Final.CallErrors);
        var serverCalls = results.Sum(r => r.Final.ServerCalls);
        if (framesBefore is { } fb && framesAfter is { } fa)
        {
            var recorded = fa - fb;
            var expected = 2 * (sent + serverCalls);
            var ok = recorded == expected;
            Console.WriteLine($"frames recorded in PostgreSQL: {recorded}; expected 2 x ({sent} CALLs sent + {serverCalls} from the CSMS) = {expected}: " +
                              (ok ? "OK" : $"MISMATCH ({recorded - expected:+#;-#;0}; answered {answered})"));
            return ok ? 0 : 1;
        }
        Console.WriteLine("frames recorded in PostgreSQL: not checked (no --postgres / ROAMING_POSTGRES)");
        return 0;
    }

    private static void Report(LoadOptions options, WorkerResult[] results, long connected, long? rssConnected, long? rssEnd, List<string> loadAverage)
    {
        var latency = new LatencyHistogram();
        foreach (var r in results)
            latency.Add(LatencyHistogram.Difference(r.AtEnd.Latency, r.AtGo.Latency).Snapshot());
        var answered = results.Sum(r => r.AtEnd.CallResults - r.AtGo.CallResults);
        var errors = results.Sum(r => r.AtEnd.CallErrors - r.AtGo.CallErrors);
        var skipped = results.Sum(r => r.AtEnd.Skipped - r.AtGo.Skipped);
        var held = results.Sum(r => r.AtEnd.Connected - r.AtEnd.Disconnects);
        Console.WriteLine($"--- load phase: {options.Mode}{(options.Mode == LoadMode.Rate ? $" {options.Rate} CALLs/s offered" : "")}, {options.Duration} s");
        Console.WriteLine($"connections held at the end: {held} of {connected}");
        Console.WriteLine($"CALLs answered: {answered} ({answered / (double)options.Duration:0} /s) -> durable frames {2 * answered / (double)options.Duration:0} /s; " +
                          $"CALLERRORs {errors}; timeouts {results.Sum(r => r.Final.Timeouts)}" + (options.Mode == LoadMode.Rate ? $"; skipped (no idle charger) {skipped}" : ""));
        Console.WriteLine($"CALL->CALLRESULT latency: p50 {latency.PercentileMs(0.50):0.0} ms, p90 {latency.PercentileMs(0.90):0.0} ms, " +
                          $"p99 {latency.PercentileMs(0.99):0.0} ms, p99.9 {latency.PercentileMs(0.999):0.0} ms");
        Console.WriteLine("driver GC (per worker): " + string.Join("; ", results.Select(r =>
            $"pauses {r.AtEnd.GcPauseMs - r.AtGo.GcPauseMs:0} ms, gen0/1/2 {r.AtEnd.Gen0Collections - r.AtGo.Gen0Collections}/{r.AtEnd.Gen1Collections - r.AtGo.Gen1Collections}/{r.AtEnd.Gen2Collections - r.AtGo.Gen2Collections}")));
        Console.WriteLine($"server RSS with all connected {Mb(rssConnected)}, at the end of the load {Mb(rssEnd)}; load average samples {string.Join(" ", loadAverage.TakeLast(12))}");
    }

    // --- registration ------------------------------------------------------------------------------------------------

    private const int ChargersPerLocation = 50;

    private static async Task Register(LoadOptions options)
    {
        if (string.IsNullOrEmpty(options.AdminKey))
            throw new ArgumentException("registering needs the operator key: --admin-key or ROAMING_ADMIN_KEY (or pass --no-register)");
        using var http = new HttpClient { BaseAddress = options.ApiBase, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminKey);
        var watch = Stopwatch.StartNew();

        await Put(http, "tariffs/LOAD-TARIFF", """
            {"country_code":"NL","party_id":"TNM","id":"LOAD-TARIFF","currency":"EUR","last_updated":"2026-01-01T00:00:00Z",
             "elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":21.0,"step_size":1},
                                              {"type":"ENERGY","price":0.30,"vat":21.0,"step_size":1}]}]}
            """);
        await Put(http, $"tokens/{OcppLoadWorker.IdTag}", $$"""
            {"country_code":"NL","party_id":"TNM","uid":"{{OcppLoadWorker.IdTag}}","type":"RFID","contract_id":"NL-TNM-C00000042-X",
             "issuer":"Load","valid":true,"whitelist":"ALLOWED","last_updated":"2026-01-01T00:00:00Z"}
            """);
        var (first, end) = (Math.Max(options.First, options.RegisterFrom), options.First + options.Chargers);
        var locations = (end + ChargersPerLocation - 1) / ChargersPerLocation;
        await ForEach(Enumerable.Range(0, locations), 4, location => Put(http, $"locations/{LocationId(options, location)}", LocationJson(options, location)));
        Console.WriteLine($"seeded tariff, token and {locations} locations in {watch.Elapsed.TotalSeconds:0.0} s");

        watch.Restart();
        var done = 0;
        await ForEach(Enumerable.Range(first, end - first), 8, async i =>
        {
            var location = LocationId(options, i / ChargersPerLocation);
            await Put(http, $"charge-points/{options.ChargerId(i)}", $$"""
                {"password":"{{options.Password(i)}}","connectors":[{"ocpp_evse_id":1,"ocpp_connector_id":1,"location_id":"{{location}}","evse_uid":"{{location}}-E{{i % ChargersPerLocation}}","connector_id":"1"}]}
                """);
            if (Interlocked.Increment(ref done) % 1000 == 0)
                Console.WriteLine($"  registered {done} ({done / watch.Elapsed.TotalSeconds:0}/s)");
        });
        var count = end - first;
        Console.WriteLine($"registered {count} chargers in {watch.Elapsed.TotalSeconds:0.0} s ({count / watch.Elapsed.TotalSeconds:0}/s; each stores a PBKDF2 hash)");
    }

    private static string LocationId(LoadOptions options, int location) =>
        $"{options.Prefix.TrimEnd('-')}-L{location.ToString("D4", CultureInfo.InvariantCulture)}";

    private static string LocationJson(LoadOptions options, int location)
    {
        var id = LocationId(options, location);
        var evses = string.Join(",", Enumerable.Range(0, ChargersPerLocation).Select(e => $$"""
            {"uid":"{{id}}-E{{e}}","evse_id":"NL*TNM*E{{location:D4}}{{e:D3}}","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
             "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                            "max_amperage":32,"tariff_ids":["LOAD-TARIFF"],"last_updated":"2026-01-01T00:00:00Z"}]}
            """));
        return $$"""
            {"country_code":"NL","party_id":"TNM","id":"{{id}}","publish":true,"name":"Load garage {{location}}","address":"Stationsplein 1",
             "city":"Amsterdam","postal_code":"1012AB","country":"NLD","coordinates":{"latitude":"52.378900","longitude":"4.900500"},
             "time_zone":"Europe/Amsterdam","last_updated":"2026-01-01T00:00:00Z","evses":[{{evses}}]}
            """;
    }

    private static async Task Put(HttpClient http, string path, string json)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PutAsync(path, content);
            if (response.IsSuccessStatusCode) return;
            var body = await response.Content.ReadAsStringAsync();
            if (attempt >= 3 || (int)response.StatusCode is >= 400 and < 500)
                throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {body}");
            await Task.Delay(500 * attempt);
        }
    }

    private static async Task ForEach<T>(IEnumerable<T> items, int parallelism, Func<T, Task> action) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, _) => await action(item));

    // --- workers -------------------------------------------------------------------------------------------------------

    private sealed class WorkerProcess
    {
        public required Process Process { get; init; }
        public TaskCompletionSource<WorkerSnapshot> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<WorkerResult> ResultTask { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource AtEnd { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public WorkerSnapshot? LastStat { get; set; }
        public WorkerResult? Result => ResultTask.Task.IsCompletedSuccessfully ? ResultTask.Task.Result : null;

        public void Send(string line)
        {
            Process.StandardInput.WriteLine(line);
            Process.StandardInput.Flush();
        }
    }

    private static List<WorkerProcess> StartWorkers(LoadOptions options)
    {
        var self = Environment.ProcessPath!;
        var prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? new[] { typeof(OcppLoadCommand).Assembly.Location } : [];
        var workers = new List<WorkerProcess>();
        for (var w = 0; w < options.Processes; w++)
        {
            var from = options.First + (int)((long)options.Chargers * w / options.Processes);
            var to = options.First + (int)((long)options.Chargers * (w + 1) / options.Processes);
            var start = new ProcessStartInfo(self)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };
            foreach (var arg in prefix.Concat([OcppLoadWorker.Verb]).Concat(options.WorkerArgs(w, from, to)))
                start.ArgumentList.Add(arg);
            start.Environment["DOTNET_gcServer"] = "0";
            var process = Process.Start(start)!;
            var worker = new WorkerProcess { Process = process };
            process.OutputDataReceived += (_, line) => OnLine(worker, line.Data);
            process.BeginOutputReadLine();
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) =>
            {
                worker.Connected.TrySetException(new InvalidOperationException($"worker {w} exited with {process.ExitCode}"));
                worker.ResultTask.TrySetException(new InvalidOperationException($"worker exited with {process.ExitCode}"));
                worker.AtEnd.TrySetException(new InvalidOperationException($"worker exited with {process.ExitCode}"));
            };
            workers.Add(worker);
        }
        return workers;
    }

    private static void OnLine(WorkerProcess worker, string? line)
    {
        if (line is null) return;
        var space = line.IndexOf(' ');
        var (kind, json) = space < 0 ? (line, "") : (line[..space], line[(space + 1)..]);
        switch (kind)
        {
            case "STAT":
                worker.LastStat = JsonSerializer.Deserialize<WorkerSnapshot>(json);
                break;
            case "CONNECTED":
                var snapshot = JsonSerializer.Deserialize<WorkerSnapshot>(json)!;
                worker.LastStat = snapshot;
                worker.Connected.TrySetResult(snapshot);
                break;
            case "LOADDONE":
                worker.AtEnd.TrySetResult();
                break;
            case "RESULT":
                worker.AtEnd.TrySetResult();
                worker.ResultTask.TrySetResult(JsonSerializer.Deserialize<WorkerResult>(json)!);
                break;
            default:
                Console.WriteLine("  worker: " + line);
                break;
        }
    }

    // --- server facts --------------------------------------------------------------------------------------------------

    private static async Task<long?> CountFrames(LoadOptions options)
    {
        if (string.IsNullOrEmpty(options.Postgres)) return null;
        await using var connection = new NpgsqlConnection(options.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from ingest.mt_events where type = 'ocpp_frame_recorded' and stream_id between @first and @last", connection);
        // Charger ids are zero-padded, so this run's frame streams are one lexicographic range.
        command.Parameters.AddWithValue("first", FrameStream(options.ChargerId(options.First)));
        command.Parameters.AddWithValue("last", FrameStream(options.ChargerId(options.First + options.Chargers - 1)));
        command.CommandTimeout = 300;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string FrameStream(string chargerId) => chargerId + "/frames";

    /// <summary>Resident set size in KB from /proc/&lt;pid&gt;/status.</summary>
    private static long? RssKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(Regex.Match(line, @"\d+").Value, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Mb(long? kb) => kb is { } value ? $"{value / 1024.0:0} MB" : "n/a";
}
