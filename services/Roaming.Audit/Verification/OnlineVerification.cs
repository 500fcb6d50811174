using System.Runtime.CompilerServices;
using Npgsql;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Verification;

/// <summary><c>roaming audit verify --online</c>: recomputes every leaf of a service's log from the live events.</summary>
public static class OnlineVerification
{
    public static async Task<VerificationReport> Run(string connectionString, string auditSchema, string service, string schema,
        IReadOnlyList<AuditPublicKey> keys, IProgress<long>? progress, CancellationToken cancellation)
    {
        // Checkpoints first, then the leaf count: a checkpoint signed meanwhile can then never be "beyond" the leaves read.
        await using var leavesConnection = await Open(connectionString, cancellation);
        var checkpoints = await CheckpointHistory.Read(leavesConnection, auditSchema, service, cancellation);
        var size = await SealedLeaves.Count(leavesConnection, schema, cancellation);

        await using var eventsConnection = await Open(connectionString, cancellation);
        var input = new VerificationInput(service, new MerkleFrontier(),
            SealedLeaves.Read(leavesConnection, schema, 0, size, cancellation),
            HashedBatches(StoredEvents.ReadRange(eventsConnection, schema, long.MinValue, long.MaxValue, cancellation), cancellation),
            EventsEndIndex: long.MaxValue, checkpoints, keys, EventsAfterLastLeafAreUnsealed: true);
        return await SealedLogVerifier.Verify(input, progress, cancellation);
    }

    public static async Task<NpgsqlConnection> Open(string connectionString, CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        return connection;
    }

    public static async IAsyncEnumerable<HashedEvent[]> HashedBatches(IAsyncEnumerable<CanonicalEvent> events,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var batch = new List<CanonicalEvent>(HashedEvent.BatchSize);
        long position = 0;
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
