using Marten;
using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Ocpi.Hub.Clients;

/// <summary>
/// The hub could not reach a participant's platform (a forwarded call or a delivery found it refused, timed out, 502/503/504)
/// after it had been reachable. Stream <c>hub-platform-reachability/{platformId}</c>; <paramref name="Actor"/> is what
/// found out (<c>hub:forwarding</c>, <c>hub:delivery</c>).
/// </summary>
public sealed record HubPlatformWentOffline(string PlatformId, string Reason, string Actor, Instant At);

/// <summary>A call to a participant's platform that had gone OFFLINE got an answer again.</summary>
public sealed record HubPlatformReachedAgain(string PlatformId, string Actor, Instant At);

/// <summary>
/// A participant's platform (<see cref="PlatformId"/>; the id is its stream's) as the hub last recorded it: OFFLINE since <see cref="Since"/> (with why), or reachable again.
/// The same on every node (it is the projection of the events), read by the client info watch and <c>GET /api/hub/clients</c>.
/// </summary>
public sealed record HubPlatformReachability(string Id, string PlatformId, bool Offline, Instant Since, string? Reason, string Actor)
{
    public static string StreamOf(string platformId) => $"hub-platform-reachability/{platformId}";

    /// <summary>The platforms recorded OFFLINE now.</summary>
    public static async Task<IReadOnlyList<string>> OfflinePlatforms(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<HubPlatformReachability>().Where(r => r.Offline).Select(r => r.PlatformId).ToListAsync(cancellation);
}

public sealed class HubPlatformReachabilityProjection : SingleStreamProjection<HubPlatformReachability, string>
{
    public static HubPlatformReachability Create(HubPlatformWentOffline e) => Offline(e);

    public static HubPlatformReachability Create(HubPlatformReachedAgain e) => Reached(e);

    public static HubPlatformReachability Apply(HubPlatformWentOffline e, HubPlatformReachability _) => Offline(e);

    public static HubPlatformReachability Apply(HubPlatformReachedAgain e, HubPlatformReachability _) => Reached(e);

    private static HubPlatformReachability Offline(HubPlatformWentOffline e) =>
        new(HubPlatformReachability.StreamOf(e.PlatformId), e.PlatformId, true, e.At, e.Reason, e.Actor);

    private static HubPlatformReachability Reached(HubPlatformReachedAgain e) =>
        new(HubPlatformReachability.StreamOf(e.PlatformId), e.PlatformId, false, e.At, null, e.Actor);
}

/// <summary>What to do with the latest observation of a platform: nothing, record it now, or wait until the platform settled.</summary>
public enum ReachabilityDecision
{
    /// <summary>The observation is what is recorded already.</summary>
    Unchanged,
    Record,
    /// <summary>A change, but the last one was recorded less than the settle time ago: keep it and look again later.</summary>
    Later,
}

/// <summary>
/// Pure: whether an observation (the platform answered, or could not be reached) changes what is recorded. Only changes are
/// recorded, and at most one per <c>Roaming:Ocpi:Hub:ReachabilitySettle</c>: a platform flapping between answering and not
/// produces one change per settle time (the last observation wins), not one per call.
/// </summary>
public static class PlatformReachabilityRules
{
    /// <param name="recorded">What is recorded (null: nothing yet, i.e. reachable).</param>
    public static ReachabilityDecision Decide(HubPlatformReachability? recorded, bool offline, Instant now, Duration settle)
    {
        var recordedOffline = recorded?.Offline ?? false;
        if (recordedOffline == offline)
            return ReachabilityDecision.Unchanged;
        return recorded is not null && now - recorded.Since < settle ? ReachabilityDecision.Later : ReachabilityDecision.Record;
    }
}
