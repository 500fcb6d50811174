using System.Text.Json.Serialization;
using NodaTime;

namespace Roaming.Clearing.Participants;

/// <summary>The body of <c>PUT /api/clearing/participants/{id}</c>.</summary>
public sealed record ParticipantBody(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("operator_ids")] IReadOnlyList<string>? OperatorIds,
    [property: JsonPropertyName("provider_ids")] IReadOnlyList<string>? ProviderIds,
    [property: JsonPropertyName("ochp")] OchpLoginBody? Ochp);

public sealed record OchpLoginBody(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password);

/// <summary>A participant on the operator API: never its password or its hash.</summary>
public sealed record ParticipantView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("operator_ids")] IReadOnlyList<string> OperatorIds,
    [property: JsonPropertyName("provider_ids")] IReadOnlyList<string> ProviderIds,
    [property: JsonPropertyName("ochp")] OchpLoginView? Ochp,
    [property: JsonPropertyName("registered_at")] Instant RegisteredAt,
    [property: JsonPropertyName("changed_at")] Instant ChangedAt)
{
    public static ParticipantView Of(Participant participant) => new(participant.Id, participant.Name, participant.OperatorIds, participant.ProviderIds,
        participant.Ochp is { } ochp ? new OchpLoginView(ochp.Username) : null, participant.RegisteredAt, participant.ChangedAt);
}

public sealed record OchpLoginView([property: JsonPropertyName("username")] string Username);
