using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Clearing.Connections;

/// <summary>
/// Limits a provider accepts on the CDRs of one operator, each optional: checked by the plausibility rules
/// <c>max-energy</c>, <c>max-duration</c> and <c>max-cost</c> (the cost in the CDR's own currency).
/// </summary>
public sealed record ConnectionLimits(decimal? MaxEnergyKwh, int? MaxDurationMinutes, decimal? MaxCost)
{
    public static ConnectionLimits None { get; } = new(null, null, null);
}

/// <summary>An operator and a provider started roaming with each other (the two participants that own the ids then).</summary>
public sealed record ConnectionStarted(string ConnectionId, string OperatorId, string ProviderId, string OperatorParticipantId, string ProviderParticipantId,
    ConnectionLimits Limits, Instant At);

/// <summary>The limits of a running connection were put again with other values.</summary>
public sealed record ConnectionLimitsChanged(string ConnectionId, ConnectionLimits Limits, Instant At);

/// <summary>The connection ended: nothing new flows between the two; started again with a later put.</summary>
public sealed record ConnectionEnded(string ConnectionId, string OperatorId, string ProviderId, Instant At);

/// <summary>A roaming connection as it stands (inline projection; stream key <see cref="KeyOf"/>).</summary>
public sealed record RoamingConnection(string Id, string OperatorId, string ProviderId, string OperatorParticipantId, string ProviderParticipantId,
    ConnectionLimits Limits, bool Active, Instant StartedAt, Instant? EndedAt)
{
    public static string KeyOf(string operatorId, string providerId) => $"{operatorId}/{providerId}";
}

public sealed class RoamingConnectionProjection : SingleStreamProjection<RoamingConnection, string>
{
    public static RoamingConnection Create(ConnectionStarted started) => Started(started);

    public static RoamingConnection Apply(ConnectionStarted started, RoamingConnection _) => Started(started);

    public static RoamingConnection Apply(ConnectionLimitsChanged changed, RoamingConnection current) => current with { Limits = changed.Limits };

    public static RoamingConnection Apply(ConnectionEnded ended, RoamingConnection current) => current with { Active = false, EndedAt = ended.At };

    private static RoamingConnection Started(ConnectionStarted started) => new(started.ConnectionId, started.OperatorId, started.ProviderId,
        started.OperatorParticipantId, started.ProviderParticipantId, started.Limits, true, started.At, null);
}
