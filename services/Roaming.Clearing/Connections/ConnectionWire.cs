using System.Text.Json.Serialization;
using NodaTime;

namespace Roaming.Clearing.Connections;

/// <summary>The body of <c>PUT /api/clearing/connections/{operator_id}/{provider_id}</c>: <c>{}</c> or with limits.</summary>
public sealed record ConnectionBody([property: JsonPropertyName("limits")] LimitsWire? Limits);

public sealed record LimitsWire(
    [property: JsonPropertyName("max_energy_kwh")] decimal? MaxEnergyKwh,
    [property: JsonPropertyName("max_duration_minutes")] int? MaxDurationMinutes,
    [property: JsonPropertyName("max_cost")] decimal? MaxCost);

public sealed record ConnectionView(
    [property: JsonPropertyName("operator_id")] string OperatorId,
    [property: JsonPropertyName("provider_id")] string ProviderId,
    [property: JsonPropertyName("operator_participant")] string OperatorParticipant,
    [property: JsonPropertyName("provider_participant")] string ProviderParticipant,
    [property: JsonPropertyName("limits")] LimitsWire Limits,
    [property: JsonPropertyName("started_at")] Instant StartedAt)
{
    public static ConnectionView Of(RoamingConnection connection) => new(connection.OperatorId, connection.ProviderId, connection.OperatorParticipantId,
        connection.ProviderParticipantId, new LimitsWire(connection.Limits.MaxEnergyKwh, connection.Limits.MaxDurationMinutes, connection.Limits.MaxCost),
        connection.StartedAt);
}
