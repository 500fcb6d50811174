using static Roaming.Benchmarks.BenchmarkArguments;
using Roaming.Testing;
using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing;

namespace Roaming.Benchmarks.Audit;

public interface ISealingBenchStore : IDocumentStore;

public sealed record MeterSampleTaken(string ChargePointId, long Wh, int PowerW, string Memo);

/// <summary>
/// Events sealed per second while appends run: appenders commit small batches on several connections for a while,
/// the Solo daemon's sealing subscription follows; prints appended and sealed counts each second, then how long
/// the sealer needs to catch up, on a fresh database (ROAMING_BENCH_POSTGRES, default the local test server).
/// </summary>
public static class SealingThroughputBenchmark
{
    public static async Task<int> Run(int seconds, int appenders, int eventsPerCommit)
    {
        var server = PostgresServer;
        var database = await PostgresDatabase.Recreate(server, "roaming_audit_bench");
        var roaming = new RoamingOptions { Postgres = database, SchemaPrefix = "bench_" };
        var schema = ServiceStores.SchemaName(roaming, "sealing");

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(roaming));
        builder.AddServiceStore<ISealingBenchStore>("sealing", options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventType<MeterSampleTaken>();
        });
        using var host = builder.Build();
        await host.StartAsync();
        var store = host.Services.GetRequiredService<ISealingBenchStore>();

        Console.WriteLine($"{appenders} appenders x {eventsPerCommit} events per commit for {seconds} s, sealing behind them ({Environment.ProcessorCount} cores, shared with PostgreSQL)");
        long appended = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var writers = Enumerable.Range(0, appenders).Select(writer => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                await using var session = store.LightweightSession();
                for (var i = 0; i < eventsPerCommit; i++, n++)
                    session.Events.Append($"CP-{writer}-{n % 500}", new MeterSampleTaken($"CP-{writer}-{n % 500}", n * 10L, n % 22000, "periodic sample"));
                await session.SaveChangesAsync();
                Interlocked.Add(ref appended, eventsPerCommit);
            }
        })).ToArray();

        var clock = Stopwatch.StartNew();
        long previousSealed = 0;
        while (writers.Any(w => !w.IsCompleted))
        {
            await Task.Delay(1000);
            var sealedNow = await Sealed(database, schema);
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:F0} s  appended {Interlocked.Read(ref appended),9:N0}  sealed {sealedNow,9:N0}  (+{sealedNow - previousSealed:N0}/s)");
            previousSealed = sealedNow;
        }
        await Task.WhenAll(writers);
        var appendSeconds = clock.Elapsed.TotalSeconds;
        var sealedWhileAppending = await Sealed(database, schema);

        var total = Interlocked.Read(ref appended);
        var catchUp = Stopwatch.StartNew();
        while (await Sealed(database, schema) < total)
            await Task.Delay(50);
        Console.WriteLine($"appends: {total:N0} events in {appendSeconds:F1} s = {total / appendSeconds:N0} events/s");
        Console.WriteLine($"sealed while appending: {sealedWhileAppending:N0} = {sealedWhileAppending / appendSeconds:N0} events/s");
        Console.WriteLine($"backlog of {total - sealedWhileAppending:N0} sealed in {catchUp.Elapsed.TotalSeconds:F1} s after the appends stopped; " +
            $"overall {total / (appendSeconds + catchUp.Elapsed.TotalSeconds):N0} events/s sealed");
        await host.StopAsync();
        return 0;
    }

    private static async Task<long> Sealed(string database, string schema)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return await SealedLeaves.Count(connection, schema, CancellationToken.None);
    }
}
