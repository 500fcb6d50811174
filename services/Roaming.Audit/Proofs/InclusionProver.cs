using Npgsql;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Proofs;

/// <summary><c>roaming audit prove --cdr ID</c>: the inclusion proof of a CDR's events against the latest checkpoint that covers them.</summary>
public static class InclusionProver
{
    /// <summary>Events of the CDR's own stream, and events elsewhere that name it (<c>data.cdrId</c>).</summary>
    public static async Task<InclusionProof> ProveCdr(string connectionString, string auditSchema, string service, string schema, string cdrId,
        IReadOnlyList<AuditPublicKey> keys, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);

        await using var find = new NpgsqlCommand(
            $"select e.seq_id, l.leaf_index from {schema}.mt_events e join {SealedLeaves.Table(schema)} l on l.seq_id = e.seq_id " +
            "where e.stream_id = @id or e.data ->> 'cdrId' = @id order by e.seq_id", connection);
        find.Parameters.AddWithValue("id", cdrId);
        var positions = new List<(long Sequence, long Index)>();
        await using (var reader = await find.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation))
                positions.Add((reader.GetInt64(0), reader.GetInt64(1)));
        if (positions.Count == 0)
            throw new InvalidOperationException($"no sealed event of {service} names CDR {cdrId} (not there, or not sealed yet)");

        var checkpoint = (await CheckpointHistory.Read(connection, auditSchema, service, cancellation))
            .Where(c => c.TreeSize > positions.Max(p => p.Index)).MaxBy(c => c.TreeSize)
            ?? throw new InvalidOperationException($"no signed checkpoint of {service} covers CDR {cdrId} yet: sign one (POST /api/audit/checkpoints) and retry");
        var key = keys.FirstOrDefault(k => k.KeyId == checkpoint.KeyId)
            ?? throw new InvalidOperationException($"checkpoint signed with key {checkpoint.KeyId}, which is not configured here");

        var leaves = new List<byte[]>((int)checkpoint.TreeSize);
        await foreach (var leaf in SealedLeaves.Read(connection, schema, 0, checkpoint.TreeSize, cancellation))
            leaves.Add(leaf.Hash);
        var events = await StoredEvents.ReadSequences(connection, schema, positions.Select(p => p.Sequence).ToArray(), cancellation);

        var proven = events.Select(stored =>
        {
            var index = positions.First(p => p.Sequence == stored.Sequence).Index;
            return new ProvenEvent(index, stored, Convert.ToHexStringLower(leaves[(int)index]),
                MerkleTree.InclusionProof(leaves, index, checkpoint.TreeSize).Select(Convert.ToHexStringLower).ToArray());
        }).ToArray();
        return new InclusionProof(InclusionProof.CurrentFormat, $"cdr {cdrId}", checkpoint, key.ToPublished(), proven);
    }
}
