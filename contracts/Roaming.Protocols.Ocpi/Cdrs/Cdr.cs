using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Cdrs;

/// <summary>
/// OCPI 2.2.1 CDR (mod_cdrs 10.3.1) as a partner sends it. Required fields are nullable so that <see cref="CdrValidation"/>
/// can name every missing one. Embedded tariffs are the Tariffs module's model.
/// </summary>
public sealed record Cdr
{
    [JsonPropertyName("country_code")] public string? CountryCode { get; init; }
    [JsonPropertyName("party_id")] public string? PartyId { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("start_date_time")] public Instant? StartDateTime { get; init; }
    [JsonPropertyName("end_date_time")] public Instant? EndDateTime { get; init; }
    [JsonPropertyName("session_id")] public string? SessionId { get; init; }
    [JsonPropertyName("cdr_token")] public CdrToken? CdrToken { get; init; }
    [JsonPropertyName("auth_method")] public OcpiEnum<AuthMethod>? AuthMethod { get; init; }
    [JsonPropertyName("authorization_reference")] public string? AuthorizationReference { get; init; }
    [JsonPropertyName("cdr_location")] public CdrLocation? CdrLocation { get; init; }
    [JsonPropertyName("meter_id")] public string? MeterId { get; init; }
    [JsonPropertyName("currency")] public string? Currency { get; init; }
    [JsonPropertyName("tariffs")] public IReadOnlyList<Tariff>? Tariffs { get; init; }
    [JsonPropertyName("charging_periods")] public IReadOnlyList<ChargingPeriod>? ChargingPeriods { get; init; }
    [JsonPropertyName("signed_data")] public System.Text.Json.JsonElement? SignedData { get; init; }
    [JsonPropertyName("total_cost")] public Price? TotalCost { get; init; }
    [JsonPropertyName("total_fixed_cost")] public Price? TotalFixedCost { get; init; }
    [JsonPropertyName("total_energy")] public decimal? TotalEnergy { get; init; }
    [JsonPropertyName("total_energy_cost")] public Price? TotalEnergyCost { get; init; }
    [JsonPropertyName("total_time")] public decimal? TotalTime { get; init; }
    [JsonPropertyName("total_time_cost")] public Price? TotalTimeCost { get; init; }
    [JsonPropertyName("total_parking_time")] public decimal? TotalParkingTime { get; init; }
    [JsonPropertyName("total_parking_cost")] public Price? TotalParkingCost { get; init; }
    [JsonPropertyName("total_reservation_cost")] public Price? TotalReservationCost { get; init; }
    [JsonPropertyName("remark")] public string? Remark { get; init; }
    [JsonPropertyName("invoice_reference_id")] public string? InvoiceReferenceId { get; init; }
    [JsonPropertyName("credit")] public bool? Credit { get; init; }
    [JsonPropertyName("credit_reference_id")] public string? CreditReferenceId { get; init; }
    [JsonPropertyName("home_charging_compensation")] public bool? HomeChargingCompensation { get; init; }
    [JsonPropertyName("last_updated")] public Instant? LastUpdated { get; init; }
}

/// <summary>The token a Session or CDR was charged with (mod_cdrs CdrToken).</summary>
public sealed record CdrToken
{
    [JsonPropertyName("country_code")] public string? CountryCode { get; init; }
    [JsonPropertyName("party_id")] public string? PartyId { get; init; }
    [JsonPropertyName("uid")] public string? Uid { get; init; }
    [JsonPropertyName("type")] public OcpiEnum<TokenType>? Type { get; init; }
    [JsonPropertyName("contract_id")] public string? ContractId { get; init; }
}

/// <summary>Where a CDR's session took place: the Location, EVSE and Connector as they were.</summary>
public sealed record CdrLocation
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("address")] public string? Address { get; init; }
    [JsonPropertyName("city")] public string? City { get; init; }
    [JsonPropertyName("postal_code")] public string? PostalCode { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("country")] public string? Country { get; init; }
    [JsonPropertyName("coordinates")] public GeoLocation? Coordinates { get; init; }
    [JsonPropertyName("evse_uid")] public string? EvseUid { get; init; }
    [JsonPropertyName("evse_id")] public string? EvseId { get; init; }
    [JsonPropertyName("connector_id")] public string? ConnectorId { get; init; }
    [JsonPropertyName("connector_standard")] public OcpiEnum<ConnectorType>? ConnectorStandard { get; init; }
    [JsonPropertyName("connector_format")] public OcpiEnum<ConnectorFormat>? ConnectorFormat { get; init; }
    [JsonPropertyName("connector_power_type")] public OcpiEnum<PowerType>? ConnectorPowerType { get; init; }
}

/// <summary>A Session's or CDR's ChargingPeriod: from its start until the next one starts.</summary>
public sealed record ChargingPeriod
{
    [JsonPropertyName("start_date_time")] public Instant? StartDateTime { get; init; }
    [JsonPropertyName("dimensions")] public IReadOnlyList<CdrDimension>? Dimensions { get; init; }
    [JsonPropertyName("tariff_id")] public string? TariffId { get; init; }
}

public sealed record CdrDimension
{
    [JsonPropertyName("type")] public OcpiEnum<CdrDimensionType>? Type { get; init; }
    [JsonPropertyName("volume")] public decimal? Volume { get; init; }
}
