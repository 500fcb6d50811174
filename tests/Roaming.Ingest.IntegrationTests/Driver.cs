using System.Text.Json;
using Roaming.Testing;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>tests/ocpp-client/driver.js (ocpp-rpc, strict mode): an independent charge point implementation.</summary>
public static class Driver
{
    public sealed record Run(int ExitCode, JsonElement Summary, string Output);

    private static string Folder => Path.Combine(TestServers.RepositoryRoot, "tests", "ocpp-client");

    private static Dictionary<string, string> Environment => new()
    {
        // security profile 2 tests use a self-signed certificate made by the test
        ["NODE_TLS_REJECT_UNAUTHORIZED"] = "0",
    };

    public static async Task<Run> Drive(IngestHost host, string chargePointId, params string[] arguments)
    {
        await using var node = Start(host, chargePointId, arguments);
        var exitCode = await node.WaitForExit(TimeSpan.FromSeconds(120));
        var output = node.Output;
        var summaryLine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => line.StartsWith('{') && line.Contains("\"summary\""));
        if (summaryLine is null)
            throw new InvalidOperationException($"driver printed no summary (exit {exitCode}):\n{output}");
        return new Run(exitCode, JsonDocument.Parse(summaryLine).RootElement.Clone(), output);
    }

    /// <summary>Starts the driver and leaves it running (use with <c>--hold</c>); dispose kills it.</summary>
    public static ChildProcess Start(IngestHost host, string chargePointId, params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
            throw new InvalidOperationException("tests/ocpp-client has no node_modules: run `npm ci` there (infra/test does).");
        return ChildProcess.Start("node", ["driver.js", "--url", host.WebSocketUrl, "--id", chargePointId, "--password", IngestHost.Password, .. arguments],
            Environment, Folder);
    }
}
