using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Roaming.Protocols.Ocpi;

namespace Roaming.Platform.Json;

/// <summary>
/// The one set of System.Text.Json options used on the wire (admin API, OCPI payloads) and in the event store.
/// Wire DTOs name their properties explicitly (OCPI is snake_case), so no naming policy is applied here.
/// </summary>
public static class RoamingJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// Integration messages on the broker: NodaTime types at full precision (MassTransit's own options know nothing of
    /// NodaTime and would write an <c>Instant</c> as an empty object).
    /// </summary>
    public static JsonSerializerOptions ConfigureForMessages(JsonSerializerOptions options) =>
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        // Then the OCPI rules, so an Instant on the wire is an OCPI DateTime (NodaTime's default writes nanoseconds).
        return OcpiJson.Configure(options);
    }
}
