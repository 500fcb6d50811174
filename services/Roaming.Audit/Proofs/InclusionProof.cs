using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Proofs;

/// <summary>One event of the proof: its stored form, its position and the RFC 6962 audit path to the checkpoint's root.</summary>
public sealed record ProvenEvent(long Index, CanonicalEvent Event, string LeafHash, IReadOnlyList<string> AuditPath);

/// <summary>
/// What <c>roaming audit prove</c> writes: some events, each with its audit path, a signed checkpoint and the key that
/// signed it. Checkable with nothing else, and discloses no other event (only sibling subtree hashes).
/// </summary>
public sealed record InclusionProof(string Format, string Subject, CheckpointSigned Checkpoint, PublishedKey Key, IReadOnlyList<ProvenEvent> Events)
{
    public const string CurrentFormat = "roaming-inclusion-proof/1";
}

public sealed record ProofCheck(bool Valid, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes);

public static class InclusionProofChecker
{
    /// <param name="trustedKeys">Keys obtained out of band; when null the key in the proof is used and a note says so.</param>
    public static ProofCheck Check(InclusionProof proof, IReadOnlyList<AuditPublicKey>? trustedKeys)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        var embedded = AuditPublicKey.FromPem(proof.Key.Pem, active: true);
        if (embedded.KeyId != proof.Key.KeyId)
            problems.Add($"the proof's key has id {embedded.KeyId}, not the {proof.Key.KeyId} it claims");
        if (trustedKeys is null)
            notes.Add($"signature checked with the key inside the proof (id {embedded.KeyId}); compare that id with the published keys (GET /audit/keys)");
        if (proof.Checkpoint.SignatureProblem(trustedKeys ?? [embedded]) is { } signature)
            problems.Add(signature);

        var root = Convert.FromHexString(proof.Checkpoint.RootHash);
        if (proof.Events.Count == 0)
            problems.Add("the proof contains no event");
        foreach (var proven in proof.Events)
        {
            var leaf = proven.Event.LeafHash();
            if (Convert.ToHexStringLower(leaf) != proven.LeafHash)
                problems.Add($"event seq {proven.Event.Sequence}: its content does not hash to the leaf in the proof");
            else if (!MerkleTree.VerifyInclusion(proven.Index, proof.Checkpoint.TreeSize, leaf, proven.AuditPath.Select(Convert.FromHexString).ToArray(), root))
                problems.Add($"event seq {proven.Event.Sequence}: the audit path from position {proven.Index} does not lead to the signed root");
        }
        return new ProofCheck(problems.Count == 0, problems, notes);
    }
}
