using System.Text.Json;
using Roaming.Charging.Tariffs;
using Roaming.Platform.Json;
using Roaming.Testing;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Tests;

/// <summary>
/// The spec material pricing is tested against, from the repository's <c>spec/</c> folder: the OCPI 2.2.1 examples
/// and the peer engine's tariff cases, read as published.
/// </summary>
internal static class ChargingSpec
{
    public static string OcpiExamples => SpecExamples.Folder;

    public static string PeerTariffCases => SpecFolder.Path("ocpi-tariff-cases");

    public static string ReadOcpiExample(string fileName) => SpecExamples.Read(fileName);

    public static Tariff OcpiExampleTariff(string fileName) =>
        JsonSerializer.Deserialize<Tariff>(ReadOcpiExample(fileName), RoamingJson.Options)
        ?? throw new InvalidOperationException($"{fileName} holds no tariff");
}
