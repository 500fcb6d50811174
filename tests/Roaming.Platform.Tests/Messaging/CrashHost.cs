using Roaming.Testing;

namespace Roaming.Platform.Tests.Messaging;

/// <summary>The Roaming.Platform.CrashHost process (one service with the real outbox, bus and consumers), on a free port.</summary>
public sealed class CrashHost : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private CrashHost(ChildProcess process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public string Output => _process.Output;

    /// <param name="batch">The outbox hands each page to a batch consumer (one commit per page) instead of a per-message consumer.</param>
    /// <param name="operator">Admin key and retry intervals (ms) of the embedded bus, when the test uses the operator API.</param>
    public static async Task<CrashHost> Start(string database, string prefix, string transport, bool batch,
        (string AdminKey, string RetryIntervalsMs)? @operator = null)
    {
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(TestServers.RepositoryRoot, "tests", "Roaming.Platform.CrashHost", "bin", configuration, "net10.0",
            "Roaming.Platform.CrashHost.dll");
        string[] arguments = [dll, database, prefix, transport, TestServers.RabbitMq, url, batch ? "batch" : "single"];
        if (@operator is { } key)
            arguments = [.. arguments, key.AdminKey, key.RetryIntervalsMs];
        var process = ChildProcess.Start("dotnet", arguments);
        var host = new CrashHost(process, url);
        await process.WaitUntilReady(url, TimeSpan.FromSeconds(60));
        return host;
    }

    /// <summary>kill -9: no shutdown hooks, no flushing.</summary>
    public void KillHard() => _process.KillHard();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
