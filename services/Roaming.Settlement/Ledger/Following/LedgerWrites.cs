using Marten;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Disputes;

namespace Roaming.Settlement.Ledger.Following;

/// <summary>
/// The glue of every ledger consumer: load the CDR's ledger state (for writing, so a concurrent change of the same
/// CDR fails the commit and the message is retried), the agreement and any open dispute, decide, append.
/// </summary>
internal static class LedgerWrites
{
    public delegate IReadOnlyList<object> Decision(LedgerCdr? current, LedgerDecisions.Circumstances around);

    /// <summary>Appends what <paramref name="decide"/> decided to the CDR's stream (in <paramref name="session"/>, not yet saved); returns the events.</summary>
    public static async Task<IReadOnlyList<object>> Decide(IDocumentSession session, string operatorId, string providerId, string cdrId, Decision decide,
        CancellationToken cancellation)
    {
        var stream = await session.Events.FetchForWriting<LedgerCdr>(LedgerKeys.For(operatorId, cdrId), cancellation);
        var around = await CircumstancesOf(session, operatorId, stream.Aggregate?.ProviderId ?? providerId, cdrId, cancellation);
        var events = decide(stream.Aggregate, around);
        if (events.Count > 0)
            stream.AppendMany(events);
        return events;
    }

    public static async Task<LedgerDecisions.Circumstances> CircumstancesOf(IQuerySession session, string operatorId, string providerId, string cdrId,
        CancellationToken cancellation)
    {
        var agreement = await session.LoadAsync<Agreement>(Agreement.KeyOf(operatorId, providerId), cancellation);
        var disputed = await OpenDisputes.AnyFor(session, operatorId, cdrId, cancellation);
        return new LedgerDecisions.Circumstances(agreement?.Currency, agreement?.Tolerance ?? LedgerDecisions.DefaultTolerance, disputed);
    }
}
