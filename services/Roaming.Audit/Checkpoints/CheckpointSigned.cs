using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Roaming.Audit.Keys;

namespace Roaming.Audit.Checkpoints;

/// <summary>
/// A signed tree head of one service's sealed log: the first <see cref="TreeSize"/> leaves hash to
/// <see cref="RootHash"/> (hex), the last of them seals event <see cref="LastSequence"/>. Stored as an event in the
/// audit store (stream <c>checkpoints:&lt;service&gt;</c>) and sent to the witness.
/// </summary>
public sealed record CheckpointSigned(
    string Origin,
    string Service,
    long TreeSize,
    string RootHash,
    long LastSequence,
    Instant SignedAt,
    string KeyId,
    string Signature)
{
    public const string EventTypeName = "checkpoint_signed";

    public static string StreamKey(string service) => $"checkpoints:{service}";

    /// <summary>What is signed: a small, line-based text in the spirit of C2SP's tlog-checkpoint note.</summary>
    public static string Body(string origin, long treeSize, string rootHash, long lastSequence, Instant signedAt, string keyId) =>
        new StringBuilder()
            .Append("roaming-checkpoint/v1\n")
            .Append("origin ").Append(origin).Append('\n')
            .Append("size ").Append(treeSize.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("root ").Append(rootHash).Append('\n')
            .Append("last-sequence ").Append(lastSequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("time ").Append(InstantPattern.ExtendedIso.Format(signedAt)).Append('\n')
            .Append("key ").Append(keyId).Append('\n')
            .ToString();

    public string Body() => Body(Origin, TreeSize, RootHash, LastSequence, SignedAt, KeyId);

    public static CheckpointSigned Sign(SigningKeyRing keys, string origin, string service, long treeSize, byte[] root, long lastSequence, Instant now)
    {
        var rootHex = Convert.ToHexStringLower(root);
        var body = Body(origin, treeSize, rootHex, lastSequence, now, keys.Active.KeyId);
        return new CheckpointSigned(origin, service, treeSize, rootHex, lastSequence, now, keys.Active.KeyId, keys.Sign(body));
    }

    /// <summary>Null when the signature checks out with a key of <paramref name="keys"/>, else why not.</summary>
    public string? SignatureProblem(IReadOnlyList<AuditPublicKey> keys)
    {
        var key = keys.FirstOrDefault(k => k.KeyId == KeyId);
        if (key is null)
            return $"signed with key {KeyId}, which is not among the published keys";
        return key.Verify(Body(), Signature) ? null : $"the signature does not match the checkpoint (key {KeyId})";
    }
}
