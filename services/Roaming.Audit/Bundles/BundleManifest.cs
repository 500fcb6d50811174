using NodaTime;

namespace Roaming.Audit.Bundles;

/// <summary>
/// manifest.json of an evidence bundle. Positions <see cref="FirstIndex"/>..<see cref="EventsEndIndex"/>-1 come with
/// their events; positions up to <see cref="LeavesEndIndex"/>-1 only with their leaf hashes (events after the period,
/// needed to reach the covering checkpoint without disclosing them). <see cref="Frontier"/> stands in for every
/// position before the period: the roots of its perfect subtrees, enough to recompute later tree heads.
/// </summary>
public sealed record BundleManifest(
    string Format,
    string Service,
    string Origin,
    Instant ExportedAt,
    long FirstIndex,
    long EventsEndIndex,
    long LeavesEndIndex,
    long? FirstSequence,
    long? LastSequence,
    long EventCount,
    IReadOnlyList<string> Frontier,
    string LeafHash,
    string CanonicalEvent,
    IReadOnlyDictionary<string, string> Files)
{
    public const string CurrentFormat = "roaming-audit-bundle/1";
    public const string ManifestFile = "manifest.json";
    public const string EventsFile = "events.ndjson";
    public const string LeavesFile = "leaves.ndjson";
    public const string CheckpointsFile = "checkpoints.ndjson";
    public const string KeysFile = "keys.json";

    public const string LeafHashRule = "RFC 6962: leaf = SHA-256(0x00 || canonical event bytes), node = SHA-256(0x01 || left || right)";

    public const string CanonicalEventRule =
        "'roaming.event.v1', seq, id, stream, version, type, timestamp, correlationId, causationId, headers, data: " +
        "each as u32 big-endian byte length (0xFFFFFFFF for null) then UTF-8 bytes; data and headers exactly as in events.ndjson";
}

/// <summary>One line of leaves.ndjson.</summary>
public sealed record LeafLine(long Index, long Seq, string Hash);
