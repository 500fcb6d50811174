using JasperFx.Events;
using Marten;
using Roaming.Ingest.Transactions;

namespace Roaming.Ingest.ChargePoints;

/// <summary>
/// The <see cref="ChargePoint"/> snapshot is a cache of the charger's stream, not the record: the facts are. It is read
/// at connect time, by commands and by the stale-transaction sweep, so its connection writes it with the facts that
/// change what those readers decide (a transaction opened or closed, a status, a boot, a remote start), but not with
/// every meter reading. Each stored snapshot names the last fact it includes; a reader folds the facts recorded after it,
/// so the state read after a crash is the state the acknowledged frames produced.
/// </summary>
public static class ChargePointSnapshots
{
    /// <summary>
    /// At most this many facts are left out of the snapshot before it is written again, which bounds the facts a reader
    /// folds (a charger sending MeterValues every 10 s: its snapshot is at most about 5 minutes behind its stream).
    /// </summary>
    public const int MaxFactsBehind = 32;

    private const int TailPage = 64;

    /// <summary>Whether the facts of an exchange are stored with the state they lead to.</summary>
    /// <param name="factsBehind">Facts recorded since the connection last stored the snapshot (or <see cref="MaxFactsBehind"/> when it never did).</param>
    public static bool ShouldStore(IReadOnlyList<object> facts, int factsBehind) =>
        facts.Count > 0 && (factsBehind + facts.Count >= MaxFactsBehind || facts.Any(fact => fact is not MeterValuesSampled));

    /// <summary>
    /// <paramref name="snapshot"/> with the facts recorded after its <see cref="ChargePoint.ThroughEventId"/> folded in
    /// (the whole stream when that fact is not found, or when there is no snapshot but there are facts).
    /// </summary>
    public static async Task<ChargePoint> CaughtUp(IQuerySession session, string chargePointId, ChargePoint? snapshot, CancellationToken cancellationToken)
    {
        if (snapshot is not null && snapshot.ThroughEventId is null)
            return snapshot;
        var newerFirst = new List<IEvent>();
        long? below = null;
        while (true)
        {
            var query = session.Events.QueryAllRawEvents().Where(e => e.StreamKey == chargePointId);
            if (below is { } version)
                query = query.Where(e => e.Version < version);
            var page = await query.OrderByDescending(e => e.Version).Take(TailPage).ToListAsync(cancellationToken);
            foreach (var recorded in page)
            {
                if (snapshot is not null && recorded.Id == snapshot.ThroughEventId)
                    return Fold(snapshot, newerFirst);
                newerFirst.Add(recorded);
            }
            if (page.Count < TailPage)
                return Fold(new ChargePoint { Id = chargePointId }, newerFirst);
            below = page[^1].Version;
        }
    }

    private static ChargePoint Fold(ChargePoint state, List<IEvent> newerFirst)
    {
        for (var i = newerFirst.Count - 1; i >= 0; i--)
            state = ChargePoint.Fold(state, newerFirst[i].Data);
        return state;
    }
}
