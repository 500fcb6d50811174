using System.Text.Json.Serialization;
using NodaTime;


namespace Roaming.Protocols.Ocpi.Locations;

/// <summary>
/// OCPI 2.2.1 EVSE object: the part that powers one EV at a time. Required fields are nullable for the same
/// reason as on <see cref="Location"/>; <see cref="LocationValidation.ValidateEvse(Evse)"/> checks them.
/// </summary>
public sealed record Evse
{
    /// <summary>CiString(36), the technical id: unique in the CPO's platform, never reused for other hardware.</summary>
    [JsonPropertyName("uid")] public string? Uid { get; init; }

    /// <summary>CiString(48), the eMI3 / ISO 15118 EVSE ID such as <c>BE*BEC*E041503001</c>; may be dropped once REMOVED.</summary>
    [JsonPropertyName("evse_id")] public string? EvseId { get; init; }

    [JsonPropertyName("status")] public OcpiEnum<EvseStatus>? Status { get; init; }

    [JsonPropertyName("status_schedule")] public IReadOnlyList<StatusSchedule>? StatusSchedule { get; init; }

    [JsonPropertyName("capabilities")] public IReadOnlyList<OcpiEnum<Capability>>? Capabilities { get; init; }

    /// <summary>At least one.</summary>
    [JsonPropertyName("connectors")] public IReadOnlyList<Connector>? Connectors { get; init; }

    [JsonPropertyName("floor_level")] public string? FloorLevel { get; init; }

    [JsonPropertyName("coordinates")] public GeoLocation? Coordinates { get; init; }

    [JsonPropertyName("physical_reference")] public string? PhysicalReference { get; init; }

    [JsonPropertyName("directions")] public IReadOnlyList<DisplayText>? Directions { get; init; }

    [JsonPropertyName("parking_restrictions")] public IReadOnlyList<OcpiEnum<ParkingRestriction>>? ParkingRestrictions { get; init; }

    [JsonPropertyName("images")] public IReadOnlyList<Image>? Images { get; init; }

    [JsonPropertyName("last_updated"), JsonConverter(typeof(OcpiDateTimeJsonConverter))]
    public Instant? LastUpdated { get; init; }
}

/// <summary>OCPI 2.2.1 Connector object: one socket or cable of an EVSE.</summary>
public sealed record Connector
{
    /// <summary>CiString(36), unique within its EVSE only.</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("standard")] public OcpiEnum<ConnectorType>? Standard { get; init; }

    [JsonPropertyName("format")] public OcpiEnum<ConnectorFormat>? Format { get; init; }

    [JsonPropertyName("power_type")] public OcpiEnum<PowerType>? PowerType { get; init; }

    /// <summary>Volt; line to neutral for AC_3_PHASE.</summary>
    [JsonPropertyName("max_voltage")] public int? MaxVoltage { get; init; }

    /// <summary>Ampere.</summary>
    [JsonPropertyName("max_amperage")] public int? MaxAmperage { get; init; }

    /// <summary>Watt; set when lower than voltage times amperage suggests.</summary>
    [JsonPropertyName("max_electric_power")] public int? MaxElectricPower { get; init; }

    /// <summary>CiString(36) each; at most one active Tariff per Tariff.type at a time.</summary>
    [JsonPropertyName("tariff_ids")] public IReadOnlyList<string>? TariffIds { get; init; }

    [JsonPropertyName("terms_and_conditions")] public string? TermsAndConditions { get; init; }

    [JsonPropertyName("last_updated"), JsonConverter(typeof(OcpiDateTimeJsonConverter))]
    public Instant? LastUpdated { get; init; }
}

/// <summary>A planned future status of an EVSE; informational only.</summary>
public sealed record StatusSchedule
{
    [JsonPropertyName("period_begin"), JsonConverter(typeof(OcpiDateTimeJsonConverter))]
    public Instant? PeriodBegin { get; init; }

    /// <summary>Absent when the end is not known.</summary>
    [JsonPropertyName("period_end"), JsonConverter(typeof(OcpiDateTimeJsonConverter))]
    public Instant? PeriodEnd { get; init; }

    [JsonPropertyName("status")] public OcpiEnum<EvseStatus>? Status { get; init; }
}
