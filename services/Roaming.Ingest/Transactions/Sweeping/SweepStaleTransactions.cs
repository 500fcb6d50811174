using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Connections;
using Roaming.Ingest.Protocols;
using Roaming.Ingest.Recording;

namespace Roaming.Ingest.Transactions.Sweeping;

/// <summary>
/// Closes transactions whose stop never came (lost StopTransaction/Ended, a charger replaced in the field): after
/// <see cref="IngestLimits.StaleTransactionAfter"/> without any fact about them, they stop at the last known reading and
/// time, marked <see cref="TransactionStopped.ClosedBySweep"/>. A real stop arriving later is answered and recorded as a
/// frame but stops nothing twice (the charger's state remembers recently stopped transactions).
/// </summary>
public static class SweepStaleTransactions
{
    public const string Actor = "system:stale-transaction-sweep";

    public static IReadOnlyList<object> Decide(ChargePoint state, Instant now, Duration staleAfter)
    {
        var facts = new List<object>();
        foreach (var open in state.OpenTransactions.Values.OrderBy(t => t.StartedAt))
        {
            // Our clock, not the charger's: an offline queue being replayed with old timestamps is not stale.
            if (now - (open.LastReceivedAt ?? open.LastSeenAt) <= staleAfter)
                continue;
            if (!open.Announced)
                facts.Add(Ocpp201Decisions.Announcement(state, open, open.MeterStartWh, now, seqNo: null));
            facts.Add(new TransactionStopped(state.Id, open.TransactionId, open.LastMeterWh, Reason: null, open.IdTag,
                ReportedAt: open.LastSeenAt, ReceivedAt: now, MeterWentBackwards: open.LastMeterWh < open.MeterStartWh,
                Orphan: false, ClosedBySweep: true));
        }
        return facts;
    }
}

/// <summary>
/// The Quartz job. A connected charger's transactions are closed through its connection, serialized with the frames it
/// is sending, and a disconnected one's under the registry's gate, so that a stop racing the sweep is applied exactly
/// once. Limit: only connections on this node are seen; in a multi-node deployment a stop racing the sweep on another
/// node can still be recorded as a second stop (Charging ignores a stop of an ended session).
/// </summary>
[DisallowConcurrentExecution]
public sealed class StaleTransactionSweep(IIngestStore store, ConnectionRegistry registry, FrameJournal journal, IClock clock,
    IOptions<IngestLimits> limits, ILogger<StaleTransactionSweep> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await Run(cancellationToken);

    /// <returns>How many transactions were closed.</returns>
    public async Task<int> Run(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var staleAfter = Duration.FromTimeSpan(limits.Value.StaleTransactionAfter);
        IReadOnlyList<ChargePoint> candidates;
        await using (var query = store.QuerySession())
            candidates = await query.QueryAsync<ChargePoint>("where data -> 'openTransactions' <> '{}'::jsonb", cancellationToken);

        var closed = 0;
        foreach (var candidate in candidates)
        {
            if (SweepStaleTransactions.Decide(candidate, now, staleAfter).Count == 0)
                continue;
            IReadOnlyList<object> facts;
            using (var gate = await registry.Gate(candidate.Id, cancellationToken))
            {
                if (registry.Find(candidate.Id) is { } connection)
                {
                    gate.Dispose();
                    facts = await connection.RecordOwnFacts(state => SweepStaleTransactions.Decide(state, now, staleAfter), SweepStaleTransactions.Actor, cancellationToken);
                }
                else
                {
                    // Read again under the gate: a connection that came and went since the query may have stopped it.
                    ChargePoint? current;
                    await using (var query = store.QuerySession())
                        current = await ChargePointDocuments.Load(query, candidate.Id, cancellationToken);
                    facts = current is null ? [] : SweepStaleTransactions.Decide(current, now, staleAfter);
                    if (facts.Count > 0)
                        await journal.Record(new JournalEntry(candidate.Id, [], facts, now, SweepStaleTransactions.Actor, facts.Aggregate(current!, ChargePoint.Fold)));
                }
            }
            foreach (var stopped in facts.OfType<TransactionStopped>())
            {
                closed++;
                logger.LogWarning("Transaction {Transaction} of {ChargePoint} had no news for {StaleAfter}; closed at {Meter} Wh",
                    stopped.TransactionId, stopped.ChargePointId, staleAfter, stopped.MeterStopWh);
            }
        }
        return closed;
    }
}
