using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Clearing.Participants;

/// <summary>A participant as last put (inline projection of its stream, whose key is the participant id).</summary>
public sealed record Participant(string Id, string Name, IReadOnlyList<string> OperatorIds, IReadOnlyList<string> ProviderIds, OchpAccount? Ochp,
    Instant RegisteredAt, Instant ChangedAt);

public sealed class ParticipantProjection : SingleStreamProjection<Participant, string>
{
    public static Participant Create(ParticipantRegistered registered) =>
        new(registered.ParticipantId, registered.Name, registered.OperatorIds, registered.ProviderIds, registered.Ochp, registered.At, registered.At);

    public static Participant Apply(ParticipantChanged changed, Participant current) => current with
    {
        Name = changed.Name, OperatorIds = changed.OperatorIds, ProviderIds = changed.ProviderIds, Ochp = changed.Ochp, ChangedAt = changed.At,
    };
}
