using System.Text.Json.Serialization;
using NodaTime;


namespace Roaming.Protocols.Ocpi.Locations;

/// <summary>
/// OCPI 2.2.1 Location object (mod_locations), exactly as it travels on the wire. Properties follow the spec's
/// order, so a serialized Location reads like the spec table.
/// </summary>
/// <remarks>
/// Fields the spec requires are nullable here on purpose: a payload that lacks one must still deserialize, so that
/// <see cref="LocationValidation.Validate(Location)"/> can name every missing field in one 400 answer. Once the
/// validator reports no errors, every required field is non-null and every enum is known.
/// Lists are null when absent and are written back only when present, so a payload round-trips as it came.
/// </remarks>
public sealed record Location
{
    /// <summary>CiString(2), ISO 3166-1 alpha-2 country of the CPO that owns this Location.</summary>
    [JsonPropertyName("country_code")] public string? CountryCode { get; init; }

    /// <summary>CiString(3), ISO 15118 party id of the owning CPO.</summary>
    [JsonPropertyName("party_id")] public string? PartyId { get; init; }

    /// <summary>CiString(36), unique within the CPO's platform and never changed.</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("publish")] public bool? Publish { get; init; }

    /// <summary>Only with <c>publish = false</c>: the tokens whose owners may be shown this Location.</summary>
    [JsonPropertyName("publish_allowed_to")] public IReadOnlyList<PublishTokenType>? PublishAllowedTo { get; init; }

    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>string(255) since the 2.2.1 errata (the first 2.2.1 text said 45).</summary>
    [JsonPropertyName("address")] public string? Address { get; init; }

    [JsonPropertyName("city")] public string? City { get; init; }

    [JsonPropertyName("postal_code")] public string? PostalCode { get; init; }

    /// <summary>string(45) since the 2.2.1 errata (the first 2.2.1 text said 20).</summary>
    [JsonPropertyName("state")] public string? State { get; init; }

    /// <summary>string(3), ISO 3166-1 alpha-3 country of the Location itself.</summary>
    [JsonPropertyName("country")] public string? Country { get; init; }

    [JsonPropertyName("coordinates")] public GeoLocation? Coordinates { get; init; }

    [JsonPropertyName("related_locations")] public IReadOnlyList<AdditionalGeoLocation>? RelatedLocations { get; init; }

    [JsonPropertyName("parking_type")] public OcpiEnum<ParkingType>? ParkingType { get; init; }

    [JsonPropertyName("evses")] public IReadOnlyList<Evse>? Evses { get; init; }

    [JsonPropertyName("directions")] public IReadOnlyList<DisplayText>? Directions { get; init; }

    /// <summary>When absent, the operator is the party from the credentials of <c>country_code</c>/<c>party_id</c>.</summary>
    [JsonPropertyName("operator")] public BusinessDetails? Operator { get; init; }

    [JsonPropertyName("suboperator")] public BusinessDetails? Suboperator { get; init; }

    [JsonPropertyName("owner")] public BusinessDetails? Owner { get; init; }

    [JsonPropertyName("facilities")] public IReadOnlyList<OcpiEnum<Facility>>? Facilities { get; init; }

    /// <summary>IANA zone id, required in 2.2.1: tariff restrictions are evaluated in this zone.</summary>
    [JsonPropertyName("time_zone")] public string? TimeZone { get; init; }

    [JsonPropertyName("opening_times")] public Hours? OpeningTimes { get; init; }

    /// <summary>Absent means true (spec default).</summary>
    [JsonPropertyName("charging_when_closed")] public bool? ChargingWhenClosed { get; init; }

    [JsonPropertyName("images")] public IReadOnlyList<Image>? Images { get; init; }

    [JsonPropertyName("energy_mix")] public EnergyMix? EnergyMix { get; init; }

    [JsonPropertyName("last_updated"), JsonConverter(typeof(OcpiDateTimeJsonConverter))]
    public Instant? LastUpdated { get; init; }
}
