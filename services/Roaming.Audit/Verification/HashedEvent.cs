using Roaming.Platform.Sealing;

namespace Roaming.Audit.Verification;

/// <summary>What a finding needs to say about an event: where it sits and what it is.</summary>
public sealed record EventSummary(long Sequence, string StreamKey, long Version, string Type)
{
    public static EventSummary Of(CanonicalEvent stored) => new(stored.Sequence, stored.StreamKey, stored.Version, stored.Type);
}

/// <summary>An event with its recomputed leaf hash; <see cref="Position"/> is where the source had it (line, row).</summary>
public sealed record HashedEvent(EventSummary Event, byte[] LeafHash, long Position)
{
    public const int BatchSize = 4096;

    /// <summary>Hashes in parallel: on two cores SHA-256 and parsing dominate verification.</summary>
    public static HashedEvent[] HashAll(IReadOnlyList<CanonicalEvent> events, long firstPosition)
    {
        var hashed = new HashedEvent[events.Count];
        Parallel.For(0, events.Count, i => hashed[i] = new HashedEvent(EventSummary.Of(events[i]), events[i].LeafHash(), firstPosition + i));
        return hashed;
    }
}
