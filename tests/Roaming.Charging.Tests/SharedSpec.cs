using System.Text.Json;
using Roaming.Charging.Tariffs;
using Roaming.Platform.Json;

namespace Roaming.Charging.Tests;

/// <summary>
/// The spec material in <c>shared/</c> beside the repository (the OCPI examples and the peer engine's cases),
/// found by walking up from the test binaries to Roaming.sln so tests read the files as published, not copies.
/// </summary>
internal static class SharedSpec
{
    private static readonly Lazy<string> SharedRoot = new(FindSharedRoot);

    public static string OcpiExamples => Path.Combine(SharedRoot.Value, "spec", "ocpi-2.2.1-examples");

    public static string PeerTariffCases => Path.Combine(SharedRoot.Value, "spec", "ocpi-tariff-cases");

    public static string ReadOcpiExample(string fileName) => File.ReadAllText(Path.Combine(OcpiExamples, fileName));

    public static Tariff OcpiExampleTariff(string fileName) =>
        JsonSerializer.Deserialize<Tariff>(ReadOcpiExample(fileName), RoamingJson.Options)
        ?? throw new InvalidOperationException($"{fileName} holds no tariff");

    private static string FindSharedRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "Roaming.sln"))) continue;
            var shared = Path.Combine(directory.FullName, "..", "shared");
            return Directory.Exists(shared)
                ? Path.GetFullPath(shared)
                : throw new DirectoryNotFoundException($"shared/ is expected beside the repository at {directory.FullName}");
        }
        throw new DirectoryNotFoundException($"no Roaming.sln above {AppContext.BaseDirectory}");
    }
}
