using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Charging.Cdrs.Ocpi;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Charging.Tariffs;
using Roaming.Protocols.Ocpi;

namespace Roaming.Charging.Sessions.Ocpi;

/// <summary>OCPI 2.2.1 Session (mod_sessions 9.3.1); <c>kwh</c> and <c>total_cost</c> are running values while ACTIVE.</summary>
public sealed record Session
{
    [JsonPropertyName("country_code")] public required string CountryCode { get; init; }
    [JsonPropertyName("party_id")] public required string PartyId { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("start_date_time")] public required Instant StartDateTime { get; init; }
    [JsonPropertyName("end_date_time")] public Instant? EndDateTime { get; init; }
    [JsonPropertyName("kwh")] public required decimal Kwh { get; init; }
    [JsonPropertyName("cdr_token")] public required CdrToken CdrToken { get; init; }
    [JsonPropertyName("auth_method")] public required string AuthMethod { get; init; }
    [JsonPropertyName("authorization_reference")] public string? AuthorizationReference { get; init; }
    [JsonPropertyName("location_id")] public required string LocationId { get; init; }
    [JsonPropertyName("evse_uid")] public required string EvseUid { get; init; }
    [JsonPropertyName("connector_id")] public required string ConnectorId { get; init; }
    [JsonPropertyName("meter_id")] public string? MeterId { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("charging_periods")] public IReadOnlyList<ChargingPeriod>? ChargingPeriods { get; init; }
    [JsonPropertyName("total_cost")] public Price? TotalCost { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("last_updated")] public required Instant LastUpdated { get; init; }
}
