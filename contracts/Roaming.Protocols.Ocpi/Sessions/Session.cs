using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Protocols.Ocpi.Cdrs;

namespace Roaming.Protocols.Ocpi.Sessions;

/// <summary>
/// OCPI 2.2.1 Session (mod_sessions 9.3.1) as a partner sends it. Required fields are nullable so that
/// <see cref="SessionValidation"/> can name every missing one; <c>kwh</c> and <c>total_cost</c> are running values while ACTIVE.
/// </summary>
public sealed record Session
{
    [JsonPropertyName("country_code")] public string? CountryCode { get; init; }
    [JsonPropertyName("party_id")] public string? PartyId { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("start_date_time")] public Instant? StartDateTime { get; init; }
    [JsonPropertyName("end_date_time")] public Instant? EndDateTime { get; init; }
    [JsonPropertyName("kwh")] public decimal? Kwh { get; init; }
    [JsonPropertyName("cdr_token")] public CdrToken? CdrToken { get; init; }
    [JsonPropertyName("auth_method")] public OcpiEnum<AuthMethod>? AuthMethod { get; init; }
    [JsonPropertyName("authorization_reference")] public string? AuthorizationReference { get; init; }
    [JsonPropertyName("location_id")] public string? LocationId { get; init; }
    [JsonPropertyName("evse_uid")] public string? EvseUid { get; init; }
    [JsonPropertyName("connector_id")] public string? ConnectorId { get; init; }
    [JsonPropertyName("meter_id")] public string? MeterId { get; init; }
    [JsonPropertyName("currency")] public string? Currency { get; init; }
    [JsonPropertyName("charging_periods")] public IReadOnlyList<ChargingPeriod>? ChargingPeriods { get; init; }
    [JsonPropertyName("total_cost")] public Price? TotalCost { get; init; }
    [JsonPropertyName("status")] public OcpiEnum<SessionStatus>? Status { get; init; }
    [JsonPropertyName("last_updated")] public Instant? LastUpdated { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<SessionStatus>))]
public enum SessionStatus
{
    [JsonStringEnumMemberName("ACTIVE")] Active = 1,
    [JsonStringEnumMemberName("COMPLETED")] Completed,
    [JsonStringEnumMemberName("INVALID")] Invalid,
    [JsonStringEnumMemberName("PENDING")] Pending,
    [JsonStringEnumMemberName("RESERVATION")] Reservation,
}
