using static Roaming.Benchmarks.BenchmarkArguments;
using System.Diagnostics;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Ocpi;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Platform.Hosting;
using Roaming.Testing;

namespace Roaming.Benchmarks.Ocpi;

/// <summary>
/// <c>hub-forward-hub --platforms N</c>: the hub side of <see cref="HubForwardingBenchmark"/>, started by it as a child process
/// so that the hub's CPU and latency are the hub's alone. Recreates the database, starts the hub (only the OCPI module,
/// logging at Warning like <c>roaming run</c>'s request pipeline), seeds the participants and roaming connections the hub
/// copies from Clearing, prints <c>hub-ready {url}</c> and runs until its standard input closes (the driver ended).
/// </summary>
public static class HubForwardingHub
{
    public const string Verb = "hub-forward-hub";
    public const string AdminKey = "bench";
    public const string ReadyLine = "hub-ready ";
    private const string Database = "roaming_hub_forward_bench";

    public static string DatabaseName => Database;

    public static async Task<int> Run(string[] args)
    {
        var platforms = IntOption(args, "--platforms", 100);
        var database = await PostgresDatabase.Recreate(PostgresServer, Database);
        IRoamingModule[] modules = [new OcpiModule()];
        var builder = RoamingApplication.CreateBuilder([], modules, options =>
        {
            options.Postgres = database;
            options.AdminKey = AdminKey;
            options.Party = "NL*HUB";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var url = $"http://127.0.0.1:{FreeTcpPort()}";
        builder.WebHost.UseUrls(url);
        await using var hub = RoamingApplication.Build(builder, modules);
        await hub.StartAsync();
        await SeedDirectory(hub.Services.GetRequiredService<IOcpiStore>(), platforms);
        Console.WriteLine(ReadyLine + url);
        await Console.In.ReadToEndAsync();
        await hub.StopAsync();
        return 0;
    }

    /// <summary>Each platform's participant (its one party as an Operator- or Provider-ID) and every CPO–e-MSP roaming connection.</summary>
    private static async Task SeedDirectory(IOcpiStore store, int platforms)
    {
        var parties = Enumerable.Range(0, platforms).Select(HubForwardingBenchmark.FakePlatform.Of).ToList();
        var now = SystemClock.Instance.GetCurrentInstant();
        await using var session = store.LightweightSession();
        foreach (var party in parties)
            session.Store(new HubParticipant(party.ParticipantId, $"Bench {party.Party}", party.Role == "CPO" ? [party.Party] : [],
                party.Role == "EMSP" ? [party.Party] : [], false, now));
        foreach (var cpo in parties.Where(p => p.Role == "CPO"))
            foreach (var emsp in parties.Where(p => p.Role == "EMSP"))
                session.Store(new HubConnection(HubConnection.IdOf(cpo.Party, emsp.Party), cpo.Party, emsp.Party, true, now));
        await session.SaveChangesAsync();
    }
}

/// <summary>This program started again as <see cref="HubForwardingHub.Verb"/>; disposing it closes its input, which ends it.</summary>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HubProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public int Id => _process.Id;

    public string Url { get; }

    public static async Task<HubProcess> Start(int platforms)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Server GC like `roaming run` (a web project's default), not this program's workstation GC.
        start.Environment["DOTNET_gcServer"] = "1";
        // Started as `dotnet Roaming.Benchmarks.dll`: the child is too; started as the apphost: the child is the apphost.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(typeof(HubProcess).Assembly.Location);
        foreach (var argument in new[] { HubForwardingHub.Verb, "--platforms", platforms.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the hub process");
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(HubForwardingHub.ReadyLine, StringComparison.Ordinal))
            {
                // Keep draining its output so that it never blocks on a full pipe.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                return new HubProcess(process, line[HubForwardingHub.ReadyLine.Length..].Trim());
            }
            Console.WriteLine($"[hub] {line}");
        }
        throw new InvalidOperationException($"the hub process ended before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)})");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(stopped.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
