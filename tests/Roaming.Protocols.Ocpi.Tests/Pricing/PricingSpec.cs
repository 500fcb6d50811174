using System.Text.Json;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Testing;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>
/// The spec material pricing is tested against, from the repository's <c>spec/</c> folder: the OCPI 2.2.1 examples
/// and the peer engine's tariff cases, read as published.
/// </summary>
internal static class PricingSpec
{
    /// <summary>The platform's wire options (NodaTime, then the OCPI rules), rebuilt here: this project references no Platform.</summary>
    public static JsonSerializerOptions Json { get; } =
        OcpiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForNodaTime(DateTimeZoneProviders.Tzdb));

    public static string PeerTariffCases => SpecFolder.Path("ocpi-tariff-cases");

    public static string ReadOcpiExample(string fileName) => SpecExamples.Read(fileName);

    public static Tariff OcpiExampleTariff(string fileName) =>
        JsonSerializer.Deserialize<Tariff>(ReadOcpiExample(fileName), Json)
        ?? throw new InvalidOperationException($"{fileName} holds no tariff");
}
