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
/// <para>
/// Resumable: the plan (positions, sequences, export instant) and how far each file got are kept in
/// <see cref="ExportProgress.FileName"/> in the output directory, saved after the files are flushed. An interrupted
/// export (Ctrl-C, kill -9) resumed with <c>resume: true</c> cuts each file back to the last saved length and goes on
/// from there, so the bundle is byte for byte the one an uninterrupted run would have written.
/// </para>
/// </summary>
public static class BundleExporter
{
    /// <param name="saveEvery">Rows between two saves of the progress file.</param>
    public static async Task<BundleManifest> Export(string connectionString, ExportRequest request, IReadOnlyList<AuditPublicKey> keys,
        Instant now, IProgress<long>? progress, CancellationToken cancellation, bool resume = false, int saveEvery = 10_000)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        Directory.CreateDirectory(request.OutputDirectory);
        var progressFile = Path.Combine(request.OutputDirectory, ExportProgress.FileName);
        ExportProgress state;
        if (File.Exists(progressFile))
        {
            if (!resume)
                throw new InvalidOperationException($"{request.OutputDirectory} holds an interrupted export: resume it (--resume) or choose another directory");
            state = JsonSerializer.Deserialize<ExportProgress>(await File.ReadAllTextAsync(progressFile, cancellation), AuditJson.Options)!;
            if (state.Service != request.Service)
                throw new InvalidOperationException($"the interrupted export in {request.OutputDirectory} is of {state.Service}, not {request.Service}");
        }
        else
        {
            state = await Plan(connection, request, now, cancellation);
            await Save(progressFile, state, cancellation);
        }

        if (!state.LeavesDone)
            state = await WriteLeaves(connection, request, state, progressFile, saveEvery, cancellation);
        state = await WriteEvents(connection, request, state, progressFile, saveEvery, progress, cancellation);

        var checkpoints = await CheckpointHistory.Read(connection, request.AuditSchema, request.Service, cancellation);
        await File.WriteAllLinesAsync(Path.Combine(request.OutputDirectory, BundleManifest.CheckpointsFile),
            checkpoints.Where(c => c.TreeSize >= state.FirstIndex && c.TreeSize <= state.LeavesEnd).Select(c => JsonSerializer.Serialize(c, AuditJson.Options)),
            cancellation);
        await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, BundleManifest.KeysFile),
            JsonSerializer.Serialize(new PublishedKeys(keys.Select(k => k.ToPublished()).ToArray()), AuditJson.Indented), cancellation);

        var files = new Dictionary<string, string>();
        foreach (var file in new[] { BundleManifest.EventsFile, BundleManifest.LeavesFile, BundleManifest.CheckpointsFile, BundleManifest.KeysFile })
            files[file] = await NdjsonFile.HashOf(Path.Combine(request.OutputDirectory, file), cancellation);
        var manifest = new BundleManifest(BundleManifest.CurrentFormat, request.Service, state.Origin, state.ExportedAt,
            state.FirstIndex, state.EventsEnd, state.LeavesEnd, state.FirstSequence, state.LastSequence, state.EventsWritten,
            state.Frontier, BundleManifest.LeafHashRule, BundleManifest.CanonicalEventRule, files);
        await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, BundleManifest.ManifestFile),
            JsonSerializer.Serialize(manifest, AuditJson.Indented), cancellation);
        File.Delete(progressFile);
        return manifest;
    }

    private static async Task<ExportProgress> Plan(NpgsqlConnection connection, ExportRequest request, Instant now, CancellationToken cancellation)
    {
        var checkpoints = await CheckpointHistory.Read(connection, request.AuditSchema, request.Service, cancellation);
        var fromSequence = request.From is null ? long.MinValue : await request.From.AsFirstSequence(connection, request.Schema, cancellation);
        var toSequence = request.To is null ? long.MaxValue : await request.To.AsLastSequence(connection, request.Schema, cancellation);

        var firstIndex = await LeafColumn(connection, request.Schema, $"min(leaf_index) where seq_id >= {fromSequence}", cancellation);
        var lastIndex = await LeafColumn(connection, request.Schema, $"max(leaf_index) where seq_id <= {toSequence}", cancellation);
        if (firstIndex is null || lastIndex is null || lastIndex < firstIndex)
            throw new InvalidOperationException($"no sealed event of {request.Service} lies in that period");
        var eventsEnd = lastIndex.Value + 1;
        var covering = checkpoints.Where(c => c.TreeSize >= eventsEnd).MinBy(c => c.TreeSize);

        var frontier = new MerkleFrontier();
        await foreach (var leaf in SealedLeaves.Read(connection, request.Schema, 0, firstIndex.Value, cancellation))
            frontier.Append(leaf.Hash);
        var firstSequence = await LeafColumn(connection, request.Schema, $"min(seq_id) where leaf_index = {firstIndex}", cancellation);
        var lastSequence = await LeafColumn(connection, request.Schema, $"min(seq_id) where leaf_index = {lastIndex}", cancellation);
        return new ExportProgress(request.Service, covering?.Origin ?? request.Service, now, firstIndex.Value, eventsEnd, covering?.TreeSize ?? eventsEnd,
            firstSequence!.Value, lastSequence!.Value, frontier.Hashes.Select(Convert.ToHexStringLower).ToArray(),
            LeavesWritten: 0, LeavesBytes: 0, LeavesDone: false, EventsWritten: 0, EventsBytes: 0, LastSequenceWritten: null);
    }

    private static async Task<ExportProgress> WriteLeaves(NpgsqlConnection connection, ExportRequest request, ExportProgress state, string progressFile,
        int saveEvery, CancellationToken cancellation)
    {
        await using var file = OpenAt(request.OutputDirectory, BundleManifest.LeavesFile, state.LeavesBytes);
        await foreach (var leaf in SealedLeaves.Read(connection, request.Schema, state.FirstIndex + state.LeavesWritten, state.LeavesEnd, cancellation))
        {
            await file.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new LeafLine(leaf.Index, leaf.Sequence, Convert.ToHexStringLower(leaf.Hash)), AuditJson.Options),
                cancellation);
            file.WriteByte((byte)'\n');
            state = state with { LeavesWritten = state.LeavesWritten + 1 };
            if (state.LeavesWritten % saveEvery == 0)
                state = await Checkpoint(file, progressFile, state with { LeavesBytes = file.Position }, cancellation);
        }
        await file.FlushAsync(cancellation);
        return await Checkpoint(file, progressFile, state with { LeavesBytes = file.Position, LeavesDone = true }, cancellation);
    }

    private static async Task<ExportProgress> WriteEvents(NpgsqlConnection connection, ExportRequest request, ExportProgress state, string progressFile,
        int saveEvery, IProgress<long>? progress, CancellationToken cancellation)
    {
        await using var file = OpenAt(request.OutputDirectory, BundleManifest.EventsFile, state.EventsBytes);
        var from = state.LastSequenceWritten is { } written ? written + 1 : state.FirstSequence;
        progress?.Report(state.EventsWritten);
        await foreach (var stored in StoredEvents.ReadRange(connection, request.Schema, from, state.LastSequence, cancellation))
        {
            await file.WriteAsync(EventLines.ToLine(stored), cancellation);
            file.WriteByte((byte)'\n');
            state = state with { EventsWritten = state.EventsWritten + 1, LastSequenceWritten = stored.Sequence };
            if (state.EventsWritten % saveEvery == 0)
            {
                state = await Checkpoint(file, progressFile, state with { EventsBytes = file.Position }, cancellation);
                progress?.Report(state.EventsWritten);
            }
        }
        progress?.Report(state.EventsWritten);
        return await Checkpoint(file, progressFile, state with { EventsBytes = file.Position }, cancellation);
    }

    /// <summary>The file's bytes reach the OS before the progress that counts them, so a resume never trusts unwritten bytes.</summary>
    private static async Task<ExportProgress> Checkpoint(FileStream file, string progressFile, ExportProgress state, CancellationToken cancellation)
    {
        await file.FlushAsync(cancellation);
        await Save(progressFile, state, cancellation);
        return state;
    }

    private static async Task Save(string progressFile, ExportProgress state, CancellationToken cancellation)
    {
        var temporary = progressFile + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(state, AuditJson.Options), CancellationToken.None);
        File.Move(temporary, progressFile, overwrite: true);
        cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>Opens a bundle file cut back to <paramref name="length"/> (what the last saved progress counted), positioned at its end.</summary>
    private static FileStream OpenAt(string directory, string name, long length)
    {
        var file = new FileStream(Path.Combine(directory, name), FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1 << 20);
        file.SetLength(length);
        file.Position = length;
        return file;
    }

    private static async Task<long?> LeafColumn(NpgsqlConnection connection, string schema, string selectWhere, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select {selectWhere.Replace(" where ", $" from {SealedLeaves.Table(schema)} where ")}", connection);
        return await command.ExecuteScalarAsync(cancellation) is long value ? value : null;
    }
}

/// <summary>An export's plan and how far it got: <c>export.progress.json</c> in the output directory until the export completes.</summary>
public sealed record ExportProgress(
    string Service,
    string Origin,
    Instant ExportedAt,
    long FirstIndex,
    long EventsEnd,
    long LeavesEnd,
    long FirstSequence,
    long LastSequence,
    IReadOnlyList<string> Frontier,
    long LeavesWritten,
    long LeavesBytes,
    bool LeavesDone,
    long EventsWritten,
    long EventsBytes,
    long? LastSequenceWritten)
{
    public const string FileName = "export.progress.json";
}
