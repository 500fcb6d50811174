namespace Roaming.Audit.Verification;

public enum FindingKind
{
    /// <summary>The event at a sealed position no longer hashes to its leaf: its stored content changed.</summary>
    Changed,

    /// <summary>A sealed position has no event any more: it was deleted.</summary>
    Missing,

    /// <summary>An event that the sealed log does not contain, between two sealed positions: it was inserted.</summary>
    Inserted,

    /// <summary>A sealed event turns up later than its position: the order of events was changed.</summary>
    Reordered,

    /// <summary>The leaves up to a checkpoint do not hash to its signed root (the leaf table itself was rewritten).</summary>
    RootMismatch,

    /// <summary>A checkpoint whose signature does not verify, or whose key is unknown.</summary>
    BadSignature,

    /// <summary>A checkpoint for more leaves than the log has: sealed leaves were removed from the end.</summary>
    Truncated,

    /// <summary>The leaf table has a hole (an index is missing).</summary>
    LeafTableHole,

    /// <summary>A bundle file does not match the hash in its manifest.</summary>
    ManifestMismatch,
}

/// <summary>One problem, located at a tree position (<see cref="Index"/>) and an event sequence where those are known.</summary>
public sealed record Finding(FindingKind Kind, long? Index, long? Sequence, string Message);
