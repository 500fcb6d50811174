using System.Runtime.CompilerServices;
using Npgsql;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Verification;

/// <summary><c>roaming audit verify --online</c>: recomputes every leaf of a service's log from the live events.</summary>
public static class OnlineVerification
{
    /// <param name="resumeFile">Where to keep progress: an interrupted run given the same file goes on from its last clean point, over the
    /// leaves and checkpoints the first run saw (events appended since are checked by the next fresh run).</param>
    public static async Task<VerificationReport> Run(string connectionString, string auditSchema, string service, string schema,
        IReadOnlyList<AuditPublicKey> keys, IProgress<long>? progress, CancellationToken cancellation, string? resumeFile = null,
        long resumeEvery = 1 << 16)
    {
        var progressFile = resumeFile is null ? null : new VerificationResumeFile(resumeFile, $"online {service} {schema}");
        var saved = progressFile?.Load();
        var from = saved?.State;

        // Checkpoints first, then the leaf count: a checkpoint signed meanwhile can then never be "beyond" the leaves read.
        await using var leavesConnection = await Open(connectionString, cancellation);
        IReadOnlyList<Checkpoints.CheckpointSigned> checkpoints = await CheckpointHistory.Read(leavesConnection, auditSchema, service, cancellation);
        if (saved is not null)
            checkpoints = checkpoints.Take(saved.CheckpointCount).ToArray();
        var size = saved?.LeavesEnd ?? await SealedLeaves.Count(leavesConnection, schema, cancellation);

        await using var eventsConnection = await Open(connectionString, cancellation);
        var input = new VerificationInput(service, new MerkleFrontier(),
            SealedLeaves.Read(leavesConnection, schema, from?.NextLeafIndex ?? 0, size, cancellation),
            HashedBatches(StoredEvents.ReadRange(eventsConnection, schema, from is null ? long.MinValue : from.LastSequence + 1, long.MaxValue, cancellation),
                from?.EventsConsumed ?? 0, cancellation),
            EventsEndIndex: long.MaxValue, checkpoints, keys, EventsAfterLastLeafAreUnsealed: true);
        var report = await SealedLogVerifier.Verify(input, progress, cancellation, progressFile?.Resume(saved, size, checkpoints.Count, resumeEvery));
        progressFile?.Complete();
        return report;
    }

    public static async Task<NpgsqlConnection> Open(string connectionString, CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        return connection;
    }

    public static async IAsyncEnumerable<HashedEvent[]> HashedBatches(IAsyncEnumerable<CanonicalEvent> events, long firstPosition,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var batch = new List<CanonicalEvent>(HashedEvent.BatchSize);
        var position = firstPosition;
        await foreach (var stored in events.WithCancellation(cancellation))
        {
            batch.Add(stored);
            if (batch.Count < HashedEvent.BatchSize)
                continue;
            yield return HashedEvent.HashAll(batch, position);
            position += batch.Count;
            batch.Clear();
        }
        if (batch.Count > 0)
            yield return HashedEvent.HashAll(batch, position);
    }
}
