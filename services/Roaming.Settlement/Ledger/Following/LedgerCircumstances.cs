using Marten;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Disputes;

namespace Roaming.Settlement.Ledger.Following;

/// <summary>What a ledger decision needs around a CDR (<see cref="LedgerDecisions.Circumstances"/>), for one CDR or a batch (one query each).</summary>
public static class LedgerCircumstances
{
    public static async Task<LedgerDecisions.Circumstances> Load(IQuerySession session, string operatorId, string providerId, string cdrId,
        CancellationToken cancellation)
    {
        var agreement = await session.LoadAsync<Agreement>(Agreement.KeyOf(operatorId, providerId), cancellation);
        var disputed = await OpenDisputes.AnyFor(session, operatorId, cdrId, cancellation);
        return Of(agreement, disputed);
    }

    public static LedgerDecisions.Circumstances Of(Agreement? agreement, bool disputed) =>
        new(agreement?.Currency, agreement?.Tolerance ?? LedgerDecisions.DefaultTolerance, disputed);
}
