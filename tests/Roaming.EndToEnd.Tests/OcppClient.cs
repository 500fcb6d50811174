using System.Text.Json;
using Roaming.Testing;

namespace Roaming.EndToEnd.Tests;

/// <summary>Runs tests/ocpp-client/driver.js (ocpp-rpc in strict mode, an independent OCPP implementation).</summary>
public static class OcppClient
{
    public sealed record Run(int ExitCode, JsonElement Summary, string Output);

    public static async Task<Run> Drive(params string[] arguments)
    {
        var clientFolder = Path.Combine(TestServers.RepositoryRoot, "tests", "ocpp-client");
        if (!Directory.Exists(Path.Combine(clientFolder, "node_modules")))
            throw new InvalidOperationException("tests/ocpp-client has no node_modules: run `npm ci` there (infra/test does).");
        await using var node = ChildProcess.Start("node", ["driver.js", .. arguments], workingDirectory: clientFolder);
        var exitCode = await node.WaitForExit(TimeSpan.FromSeconds(120));
        var output = node.Output;
        var summaryLine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => line.StartsWith('{') && line.Contains("\"summary\""));
        if (summaryLine is null)
            throw new InvalidOperationException($"driver printed no summary (exit {exitCode}):\n{output}");
        return new Run(exitCode, JsonDocument.Parse(summaryLine).RootElement.Clone(), output);
    }
}
