using Microsoft.Extensions.DependencyInjection;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;

namespace Roaming.Platform.Sealing;

/// <summary>
/// Seals one service's event log: every committed event, in sequence order, becomes the next leaf of the service's
/// append-only Merkle tree (<see cref="SealedLeaves"/>). Appends are never serialised or slowed for this; the sealer
/// follows behind them as a checkpointed Marten subscription.
/// <para>
/// Why no committed event is skipped: the Solo daemon only hands out pages up to its high-water mark, the highest
/// sequence below which every number is committed or known dead. A sequence number burned by a rolled-back
/// transaction is a permanent gap that the mark passes once the gap is stale and no live transaction can still fill
/// it (Marten 9.16.1's liveness probe on pg_locks / pg_stat_activity / the snapshot's xip list); an in-flight
/// transaction holding a lower number stops the mark, so its late commit is sealed before anything after it.
/// If a commit ever did land below an already sealed position, it would not be silently lost: it has no leaf, and
/// <c>roaming audit verify --online</c> reports it as an event the sealed log does not contain.
/// </para>
/// <para>
/// Crash safety: the leaves of a page are queued on the subscription's own operations, which Marten commits in the
/// same transaction as the subscription's progress. A kill -9 either keeps both or neither, so a restart resumes at
/// the first unsealed event: no gap, and the unique seq_id index makes a double leaf impossible.
/// </para>
/// </summary>
public sealed class SealingSubscription<TStore> : SubscriptionBase where TStore : IDocumentStore
{
    public const string SubscriptionName = "sealing";

    // The store is resolved on first use, not in the constructor: Marten builds the store with its subscriptions, so
    // a constructor dependency on the store would be a circular singleton and hang the host at start.
    private readonly Lazy<TStore> _store;
    private readonly ILogger<SealingSubscription<TStore>> _logger;

    public SealingSubscription(IServiceProvider services, ILogger<SealingSubscription<TStore>> logger)
    {
        _store = new Lazy<TStore>(services.GetRequiredService<TStore>);
        _logger = logger;
        Name = SubscriptionName;
    }

    private string Schema => _store.Value.Options.Events.DatabaseSchemaName;

    private string AppendSql => SealedLeaves.AppendSql(Schema);

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        if (page.Events.Count == 0)
            return NullChangeListener.Instance;

        // The daemon hands us deserialised events; the leaf is over the stored text, so read those rows as stored.
        var sequences = page.Events.Select(e => e.Sequence).ToArray();
        IReadOnlyList<CanonicalEvent> stored;
        await using (var connection = (NpgsqlConnection)_store.Value.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(cancellationToken);
            stored = await StoredEvents.ReadSequences(connection, Schema, sequences, cancellationToken);
        }
        if (stored.Count != sequences.Length)
            _logger.LogError("Sealing {Schema}: {Missing} of the page's events vanished between commit and sealing; verify will report them",
                Schema, sequences.Length - stored.Count);

        var hashes = new byte[stored.Count][];
        Parallel.For(0, stored.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => hashes[i] = stored[i].LeafHash());
        operations.QueueSqlCommand(AppendSql, stored.Select(e => e.Sequence).ToArray(), hashes);
        _logger.LogDebug("Sealed {Count} events of {Schema} up to {Sequence}", stored.Count, Schema, sequences[^1]);
        return NullChangeListener.Instance;
    }
}
