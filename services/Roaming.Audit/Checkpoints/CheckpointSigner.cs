using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Roaming.Audit.Keys;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Checkpoints;

/// <summary>
/// Signs a checkpoint of every sealed log that grew since its last one, appends it to the audit store and hands it
/// to the witness. The tree head comes from a frontier kept per log, so each round reads only the new leaves.
/// </summary>
public sealed class CheckpointSigner(
    IAuditStore audit,
    IEnumerable<SealedLog> sealedLogs,
    IOptions<AuditOptions> options,
    IOptions<RoamingOptions> roaming,
    SigningKeyRing keys,
    Witness witness,
    IClock clock,
    ILogger<CheckpointSigner> logger)
{
    private readonly SemaphoreSlim _oneRoundAtATime = new(1, 1);
    private readonly Dictionary<string, (MerkleFrontier Frontier, long LastSequence)> _frontiers = [];

    public IReadOnlyList<string> Services { get; } =
        sealedLogs.Select(l => l.Service).Concat(options.Value.Services).Distinct().Order().ToArray();

    public string AuditSchema => ServiceStores.SchemaName(roaming.Value, AuditModule.ServiceName);

    /// <summary>Signs what changed; returns the latest checkpoint of every log (new or not).</summary>
    public async Task<IReadOnlyList<CheckpointSigned>> SignChanged(CancellationToken cancellation)
    {
        await _oneRoundAtATime.WaitAsync(cancellation);
        try
        {
            var latest = new List<CheckpointSigned>();
            await using var connection = new NpgsqlConnection(roaming.Value.Postgres);
            await connection.OpenAsync(cancellation);
            foreach (var service in Services)
            {
                var checkpoint = await SignIfChanged(connection, service, cancellation);
                if (checkpoint is not null)
                    latest.Add(checkpoint);
            }
            return latest;
        }
        finally
        {
            _oneRoundAtATime.Release();
        }
    }

    private async Task<CheckpointSigned?> SignIfChanged(NpgsqlConnection connection, string service, CancellationToken cancellation)
    {
        var schema = ServiceStores.SchemaName(roaming.Value, service);
        var previous = await CheckpointHistory.ReadLatest(connection, AuditSchema, service, cancellation);
        long size;
        try
        {
            size = await SealedLeaves.Count(connection, schema, cancellation);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return previous; // the service has not created its schema yet
        }
        if (size == 0 || size == previous?.TreeSize || !await HasNewLeavesBesidesCheckpoints(connection, schema, previous?.TreeSize ?? 0, cancellation))
            return previous;

        var (root, lastSequence) = await HeadAt(connection, service, schema, size, cancellation);
        var origin = $"{roaming.Value.Party}/{service}";
        var checkpoint = CheckpointSigned.Sign(keys, origin, service, size, root, lastSequence, clock.GetCurrentInstant());

        await using (var session = audit.LightweightSession())
        {
            session.Stamp(new EventContext("system:audit", checkpoint.SignedAt));
            session.Events.Append(CheckpointSigned.StreamKey(service), checkpoint);
            await session.SaveChangesAsync(cancellation);
        }
        logger.LogInformation("Signed checkpoint of {Service}: {Size} events, root {Root}", service, size, checkpoint.RootHash);
        await witness.Publish(checkpoint, cancellation);
        return checkpoint;
    }

    /// <summary>
    /// Every checkpoint is itself an event of the audit log, so a checkpoint of the audit log always finds one new
    /// leaf: its own previous checkpoint. Signing that alone would write a checkpoint per interval forever.
    /// </summary>
    private static async Task<bool> HasNewLeavesBesidesCheckpoints(NpgsqlConnection connection, string schema, long from, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select exists(select 1 from {SealedLeaves.Table(schema)} l join {schema}.mt_events e on e.seq_id = l.seq_id " +
            $"where l.leaf_index >= @from and e.type <> '{CheckpointSigned.EventTypeName}')", connection);
        command.Parameters.AddWithValue("from", from);
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }

    private async Task<(byte[] Root, long LastSequence)> HeadAt(NpgsqlConnection connection, string service, string schema, long size,
        CancellationToken cancellation)
    {
        if (!_frontiers.TryGetValue(service, out var known) || known.Frontier.Size > size)
            known = (new MerkleFrontier(), 0);
        var frontier = known.Frontier.Copy();
        var lastSequence = known.LastSequence;
        await foreach (var leaf in SealedLeaves.Read(connection, schema, frontier.Size, size, cancellation))
        {
            if (leaf.Index != frontier.Size)
                throw new InvalidOperationException($"{schema}: the leaf table has a hole at index {frontier.Size}; run roaming audit verify --online");
            frontier.Append(leaf.Hash);
            lastSequence = leaf.Sequence;
        }
        _frontiers[service] = (frontier, lastSequence);
        return (frontier.Root(), lastSequence);
    }
}
