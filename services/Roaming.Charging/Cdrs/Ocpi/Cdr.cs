using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Charging.Tariffs;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Cdrs.Ocpi;

/// <summary>OCPI 2.2.1 CDR (mod_cdrs 10.3.1) as we issue and send it. Immutable once issued; a correction is a credit CDR.</summary>
public sealed record Cdr
{
    [JsonPropertyName("country_code")] public required string CountryCode { get; init; }
    [JsonPropertyName("party_id")] public required string PartyId { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("start_date_time")] public required Instant StartDateTime { get; init; }
    [JsonPropertyName("end_date_time")] public required Instant EndDateTime { get; init; }
    [JsonPropertyName("session_id")] public string? SessionId { get; init; }
    [JsonPropertyName("cdr_token")] public required CdrToken CdrToken { get; init; }
    [JsonPropertyName("auth_method")] public required string AuthMethod { get; init; }
    [JsonPropertyName("authorization_reference")] public string? AuthorizationReference { get; init; }
    [JsonPropertyName("cdr_location")] public required CdrLocation CdrLocation { get; init; }
    [JsonPropertyName("meter_id")] public string? MeterId { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("tariffs")] public IReadOnlyList<Tariff>? Tariffs { get; init; }
    [JsonPropertyName("charging_periods")] public required IReadOnlyList<ChargingPeriod> ChargingPeriods { get; init; }
    [JsonPropertyName("signed_data")] public SignedData? SignedData { get; init; }
    [JsonPropertyName("total_cost")] public required Price TotalCost { get; init; }
    [JsonPropertyName("total_fixed_cost")] public Price? TotalFixedCost { get; init; }
    [JsonPropertyName("total_energy")] public required decimal TotalEnergy { get; init; }
    [JsonPropertyName("total_energy_cost")] public Price? TotalEnergyCost { get; init; }
    [JsonPropertyName("total_time")] public required decimal TotalTime { get; init; }
    [JsonPropertyName("total_time_cost")] public Price? TotalTimeCost { get; init; }
    [JsonPropertyName("total_parking_time")] public decimal? TotalParkingTime { get; init; }
    [JsonPropertyName("total_parking_cost")] public Price? TotalParkingCost { get; init; }
    [JsonPropertyName("total_reservation_cost")] public Price? TotalReservationCost { get; init; }
    [JsonPropertyName("remark")] public string? Remark { get; init; }
    [JsonPropertyName("invoice_reference_id")] public string? InvoiceReferenceId { get; init; }
    [JsonPropertyName("credit")] public bool? Credit { get; init; }
    [JsonPropertyName("credit_reference_id")] public string? CreditReferenceId { get; init; }
    [JsonPropertyName("home_charging_compensation")] public bool? HomeChargingCompensation { get; init; }
    [JsonPropertyName("last_updated")] public required Instant LastUpdated { get; init; }
}

public sealed record CdrToken(
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("party_id")] string PartyId,
    [property: JsonPropertyName("uid")] string Uid,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("contract_id")] string ContractId);

public sealed record CdrLocation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("city")] string City,
    [property: JsonPropertyName("postal_code")] string? PostalCode,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("coordinates")] GeoLocation Coordinates,
    [property: JsonPropertyName("evse_uid")] string EvseUid,
    [property: JsonPropertyName("evse_id")] string EvseId,
    [property: JsonPropertyName("connector_id")] string ConnectorId,
    [property: JsonPropertyName("connector_standard")] string ConnectorStandard,
    [property: JsonPropertyName("connector_format")] string ConnectorFormat,
    [property: JsonPropertyName("connector_power_type")] string ConnectorPowerType);

public sealed record SignedValue(
    [property: JsonPropertyName("nature")] string Nature,
    [property: JsonPropertyName("plain_data")] string PlainData,
    [property: JsonPropertyName("signed_data")] string SignedDataValue);

public sealed record SignedData(
    [property: JsonPropertyName("encoding_method")] string EncodingMethod,
    [property: JsonPropertyName("encoding_method_version")] int? EncodingMethodVersion,
    [property: JsonPropertyName("public_key")] string? PublicKey,
    [property: JsonPropertyName("signed_values")] IReadOnlyList<SignedValue> SignedValues,
    [property: JsonPropertyName("url")] string? Url);
