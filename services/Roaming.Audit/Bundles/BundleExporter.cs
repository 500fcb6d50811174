using System.Text.Json;
using NodaTime;
using Npgsql;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Bundles;

public sealed record ExportRequest(string Service, string Schema, string AuditSchema, SequenceOrInstant? From, SequenceOrInstant? To, string OutputDirectory);

/// <summary>
/// <c>roaming audit export</c>: the events of a period exactly as stored (tampered ones included: the bundle is
/// evidence of what the database holds), their sealed leaves, the leaves up to the first checkpoint that covers the
/// period, the checkpoints and the public keys, and a manifest with the hash of every file.
/// </summary>
public static class BundleExporter
{
    public static async Task<BundleManifest> Export(string connectionString, ExportRequest request, IReadOnlyList<AuditPublicKey> keys,
        Instant now, IProgress<long>? progress, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        var checkpoints = await CheckpointHistory.Read(connection, request.AuditSchema, request.Service, cancellation);
        var fromSequence = request.From is null ? long.MinValue : await request.From.AsFirstSequence(connection, request.Schema, cancellation);
        var toSequence = request.To is null ? long.MaxValue : await request.To.AsLastSequence(connection, request.Schema, cancellation);

        var firstIndex = await LeafIndex(connection, request.Schema, $"min(leaf_index) where seq_id >= {fromSequence}", cancellation);
        var lastIndex = await LeafIndex(connection, request.Schema, $"max(leaf_index) where seq_id <= {toSequence}", cancellation);
        if (firstIndex is null || lastIndex is null || lastIndex < firstIndex)
            throw new InvalidOperationException($"no sealed event of {request.Service} lies in that period");
        var eventsEnd = lastIndex.Value + 1;
        var covering = checkpoints.Where(c => c.TreeSize >= eventsEnd).MinBy(c => c.TreeSize);
        var leavesEnd = covering?.TreeSize ?? eventsEnd;

        var frontier = new MerkleFrontier();
        await foreach (var leaf in SealedLeaves.Read(connection, request.Schema, 0, firstIndex.Value, cancellation))
            frontier.Append(leaf.Hash);

        Directory.CreateDirectory(request.OutputDirectory);
        var (firstSequence, lastSequence) = (0L, 0L);
        await using (var leavesFile = Create(request.OutputDirectory, BundleManifest.LeavesFile))
        {
            await foreach (var leaf in SealedLeaves.Read(connection, request.Schema, firstIndex.Value, leavesEnd, cancellation))
            {
                if (leaf.Index == firstIndex)
                    firstSequence = leaf.Sequence;
                if (leaf.Index == eventsEnd - 1)
                    lastSequence = leaf.Sequence;
                await leavesFile.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(
                    new LeafLine(leaf.Index, leaf.Sequence, Convert.ToHexStringLower(leaf.Hash)), AuditJson.Options), cancellation);
                leavesFile.WriteByte((byte)'\n');
            }
        }

        long eventCount = 0;
        await using (var eventsFile = Create(request.OutputDirectory, BundleManifest.EventsFile))
        {
            await foreach (var stored in StoredEvents.ReadRange(connection, request.Schema, firstSequence, lastSequence, cancellation))
            {
                await eventsFile.WriteAsync(EventLines.ToLine(stored), cancellation);
                eventsFile.WriteByte((byte)'\n');
                if (++eventCount % 10_000 == 0)
                    progress?.Report(eventCount);
            }
        }
        progress?.Report(eventCount);

        await File.WriteAllLinesAsync(Path.Combine(request.OutputDirectory, BundleManifest.CheckpointsFile),
            checkpoints.Where(c => c.TreeSize >= firstIndex && c.TreeSize <= leavesEnd).Select(c => JsonSerializer.Serialize(c, AuditJson.Options)),
            cancellation);
        await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, BundleManifest.KeysFile),
            JsonSerializer.Serialize(new PublishedKeys(keys.Select(k => k.ToPublished()).ToArray()), AuditJson.Indented), cancellation);

        var files = new Dictionary<string, string>();
        foreach (var file in new[] { BundleManifest.EventsFile, BundleManifest.LeavesFile, BundleManifest.CheckpointsFile, BundleManifest.KeysFile })
            files[file] = await NdjsonFile.HashOf(Path.Combine(request.OutputDirectory, file), cancellation);
        var manifest = new BundleManifest(BundleManifest.CurrentFormat, request.Service, covering?.Origin ?? request.Service, now,
            firstIndex.Value, eventsEnd, leavesEnd, firstSequence, lastSequence, eventCount,
            frontier.Hashes.Select(Convert.ToHexStringLower).ToArray(), BundleManifest.LeafHashRule, BundleManifest.CanonicalEventRule, files);
        await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, BundleManifest.ManifestFile),
            JsonSerializer.Serialize(manifest, AuditJson.Indented), cancellation);
        return manifest;
    }

    private static FileStream Create(string directory, string name) =>
        new(Path.Combine(directory, name), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);

    private static async Task<long?> LeafIndex(NpgsqlConnection connection, string schema, string selectWhere, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select {selectWhere.Replace(" where ", $" from {SealedLeaves.Table(schema)} where ")}", connection);
        return await command.ExecuteScalarAsync(cancellation) is long index ? index : null;
    }
}
