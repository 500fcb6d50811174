using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Roaming.Benchmarks.OcppLoad;

/// <summary>Counters of one worker at one moment, as printed to the coordinator.</summary>
public sealed record WorkerSnapshot(
    int Worker, long Connected, long ConnectFailures, long Disconnects, long CallsSent, long CallResults, long CallErrors,
    long Timeouts, long ServerCalls, long Skipped, long[] Latency, long[] ConnectLatency,
    double GcPauseMs, int Gen0Collections, int Gen1Collections, int Gen2Collections)
{
    public static WorkerSnapshot Of(int worker, LoadCounters c) => new(worker,
        Interlocked.Read(ref c.Connected), Interlocked.Read(ref c.ConnectFailures), Interlocked.Read(ref c.Disconnects),
        Interlocked.Read(ref c.CallsSent), Interlocked.Read(ref c.CallResults), Interlocked.Read(ref c.CallErrors),
        Interlocked.Read(ref c.Timeouts), Interlocked.Read(ref c.ServerCalls), Interlocked.Read(ref c.Skipped),
        c.Latency.Snapshot(), c.ConnectLatency.Snapshot(),
        GC.GetTotalPauseDuration().TotalMilliseconds, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
}

/// <summary>What a worker reports at the end: counters when the load phase began, when it ended, and after the drain.</summary>
public sealed record WorkerResult(WorkerSnapshot AtGo, WorkerSnapshot AtEnd, WorkerSnapshot Final, double ConnectSeconds);

/// <summary>
/// A worker process: connects its slice of chargers (spread over 127.0.0.x source addresses), boots them, reports
/// CONNECTED, waits for GO on stdin, runs the load phase, closes open transactions, reports RESULT, and closes its
/// connections on CLOSE. Lines to the coordinator: <c>CONNECTED|STAT|RESULT &lt;json&gt;</c>.
/// </summary>
public static class OcppLoadWorker
{
    public const string Verb = "ocpp-load-worker";
    public const string IdTag = "LOAD-TOKEN-1";

    public static async Task<int> Run(string[] args)
    {
        var options = LoadOptions.Parse(args);
        var counters = new LoadCounters();
        using var invoker = new HttpMessageInvoker(Handler(options));
        var chargers = Enumerable.Range(options.From, options.To - options.From)
            .Select(i => (Index: i, Charger: new SimulatedCharger(options.ChargerId(i), counters))).ToList();

        using var stats = new CancellationTokenSource();
        var statsTask = PrintStats(options.Worker, counters, stats.Token);

        // Connect and boot.
        var connectWatch = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(options.ConnectConcurrency))
        {
            await Task.WhenAll(chargers.Select(async c =>
            {
                await gate.WaitAsync();
                try
                {
                    await c.Charger.Connect(options.Url, options.Password(c.Index), invoker, CancellationToken.None);
                }
                catch (Exception exception)
                {
                    if (Interlocked.Increment(ref counters.ConnectFailures) <= 5)
                        Console.Error.WriteLine($"worker {options.Worker}: {c.Charger.Id} could not connect: {exception.GetBaseException().Message}");
                    return;
                }
                finally
                {
                    gate.Release();
                }
                await c.Charger.Boot();
                await c.Charger.Status(0, "Available");
                await c.Charger.Status(1, "Available");
                if (options.Mode != LoadMode.Realistic)
                {
                    await c.Charger.Status(1, "Preparing");
                    await c.Charger.StartTransaction(IdTag);
                    await c.Charger.Status(1, "Charging");
                }
            }));
        }
        var connectSeconds = connectWatch.Elapsed.TotalSeconds;
        Emit("CONNECTED", WorkerSnapshot.Of(options.Worker, counters));

        // Wait for the coordinator (all workers connected, server memory read).
        while (await Console.In.ReadLineAsync() is { } line && line != "GO") { }

        var atGo = WorkerSnapshot.Of(options.Worker, counters);
        var open = chargers.Select(c => c.Charger).Where(c => c.Open).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(options.Duration);
        var traffic = options.Mode switch
        {
            LoadMode.Realistic => Task.WhenAll(open.Select((c, i) => Realistic(c, options, deadline, new Random(options.From + i)))),
            LoadMode.Saturate => Task.WhenAll(open.Take(options.Active > 0 ? Math.Max(1, options.Active / options.Processes) : open.Count)
                .Select(c => Saturate(c, deadline))),
            _ => Paced(open, options.Rate / (double)options.Processes, deadline, counters),
        };
        await traffic;
        var atEnd = WorkerSnapshot.Of(options.Worker, counters);
        Emit("LOADDONE", new { options.Worker });

        // Drain: every charger closes its transaction and reports Available.
        await Task.WhenAll(open.Where(c => c.TransactionId is not null).Select(async c =>
        {
            await c.StopTransaction();
            await c.Status(1, "Finishing");
            await c.Status(1, "Available");
        }));
        var final = WorkerSnapshot.Of(options.Worker, counters);
        await stats.CancelAsync();
        await statsTask;
        Emit("RESULT", new WorkerResult(atGo, atEnd, final, connectSeconds));

        while (await Console.In.ReadLineAsync() is { } line && line != "CLOSE") { }
        using (var gate = new SemaphoreSlim(256))
            await Task.WhenAll(chargers.Select(async c =>
            {
                await gate.WaitAsync();
                try { await c.Charger.Close(); } finally { gate.Release(); }
            }));
        return 0;
    }

    private static void Emit(string kind, object value)
    {
        lock (Console.Out)
        {
            Console.Out.WriteLine(kind + " " + JsonSerializer.Serialize(value));
            Console.Out.Flush();
        }
    }

    private static async Task PrintStats(int worker, LoadCounters counters, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
                Emit("STAT", WorkerSnapshot.Of(worker, counters));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Binds each connection to the next of 127.0.0.2 .. 127.0.0.(K+1), so ports do not run short.</summary>
    private static SocketsHttpHandler Handler(LoadOptions options)
    {
        var next = options.Worker * 7919;
        return new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(60),
            ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (options.SourceAddresses > 0)
                    {
                        var octet = 2 + (int)((uint)Interlocked.Increment(ref next) % (uint)options.SourceAddresses);
                        socket.Bind(new IPEndPoint(new IPAddress([127, 0, 0, (byte)octet]), 0));
                    }
                    var address = context.DnsEndPoint.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(context.DnsEndPoint.Host);
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>A charger's day: idle with heartbeats, then a transaction with MeterValues every interval, then idle again.</summary>
    private static async Task Realistic(SimulatedCharger charger, LoadOptions options, DateTime deadline, Random random)
    {
        var heartbeat = TimeSpan.FromSeconds(options.HeartbeatSeconds);
        var nextHeartbeat = DateTime.UtcNow + TimeSpan.FromMilliseconds(random.Next(0, (int)heartbeat.TotalMilliseconds));
        async Task Wait(TimeSpan span)
        {
            var until = DateTime.UtcNow + span;
            while (DateTime.UtcNow < until && DateTime.UtcNow < deadline)
            {
                var now = DateTime.UtcNow;
                if (now >= nextHeartbeat)
                {
                    await charger.Heartbeat();
                    nextHeartbeat = now + heartbeat;
                }
                var sleep = new[] { until - now, nextHeartbeat - now, deadline - now }.Min();
                if (sleep > TimeSpan.Zero) await Task.Delay(sleep);
            }
        }

        // Chargers start out of phase.
        await Wait(TimeSpan.FromMilliseconds(random.Next(0, Math.Max(1, options.IdleSeconds * 1000))));
        while (DateTime.UtcNow < deadline && charger.Open)
        {
            await charger.Status(1, "Preparing");
            await charger.StartTransaction(IdTag);
            await charger.Status(1, "Charging");
            var sessionEnd = DateTime.UtcNow.AddSeconds(options.SessionSeconds * (0.5 + random.NextDouble()));
            while (DateTime.UtcNow < sessionEnd && DateTime.UtcNow < deadline && charger.Open)
            {
                await Wait(TimeSpan.FromSeconds(options.MeterIntervalSeconds));
                if (DateTime.UtcNow < deadline) await charger.MeterValues();
            }
            if (DateTime.UtcNow >= deadline) break; // the drain stops the transaction
            await charger.StopTransaction();
            await charger.Status(1, "Finishing");
            await charger.Status(1, "Available");
            await Wait(TimeSpan.FromMilliseconds(random.Next(0, Math.Max(1, options.IdleSeconds * 1000))));
        }
    }

    /// <summary>Closed loop: the next MeterValues as soon as the previous one is answered.</summary>
    private static async Task Saturate(SimulatedCharger charger, DateTime deadline)
    {
        while (DateTime.UtcNow < deadline && charger.Open)
            await charger.MeterValues();
    }

    /// <summary>Open loop at <paramref name="perSecond"/> CALLs/s: each due CALL goes to the next idle charger; none idle counts as skipped.</summary>
    private static async Task Paced(List<SimulatedCharger> chargers, double perSecond, DateTime deadline, LoadCounters counters)
    {
        var inFlight = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        long issued = 0;
        var cursor = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        while (DateTime.UtcNow < deadline && await timer.WaitForNextTickAsync())
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * perSecond) - issued;
            for (; due > 0; due--, issued++)
            {
                SimulatedCharger? idle = null;
                for (var probe = 0; probe < chargers.Count && idle is null; probe++)
                {
                    var candidate = chargers[cursor];
                    cursor = (cursor + 1) % chargers.Count;
                    if (!candidate.Busy && candidate.Open) idle = candidate;
                }
                if (idle is null)
                {
                    Interlocked.Increment(ref counters.Skipped);
                    continue;
                }
                inFlight.Add(idle.MeterValues());
            }
            if (inFlight.Count > 100_000) inFlight.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(inFlight);
    }
}
