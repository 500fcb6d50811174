using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Roaming.Settlement.Ledger;

/// <summary>
/// A CDR's settlement state from its ledger stream (inline: consumers decide from it, a period close selects by it).
/// <see cref="Next"/> is pure, so decisions can be tested by folding their own events.
/// </summary>
public sealed class LedgerCdrProjection : SingleStreamProjection<LedgerCdr, string>
{
    public LedgerCdrProjection()
    {
        IncludeType<CdrEnteredLedger>();
        IncludeType<CdrFactsRevised>();
        IncludeType<CdrBecameBillable>();
        IncludeType<CdrHeld>();
        IncludeType<CdrWithdrawn>();
        IncludeType<CdrBilled>();
    }

    public override LedgerCdr? Evolve(LedgerCdr? snapshot, string id, IEvent e) => Next(snapshot, e.Data);

    public static LedgerCdr? Next(LedgerCdr? cdr, object @event)
    {
        switch (@event)
        {
            case CdrEnteredLedger entered:
                return new LedgerCdr
                {
                    Id = entered.Key, OperatorId = entered.OperatorId, ProviderId = entered.ProviderId, CdrId = entered.CdrId, Source = entered.Source,
                    Facts = entered.Facts, SessionStart = entered.Facts.SessionStart, State = LedgerStates.Pending, ChangedAt = entered.At,
                };
            case CdrFactsRevised revised when cdr is not null:
                cdr.Facts = revised.Facts;
                cdr.SessionStart = revised.Facts.SessionStart;
                return Move(cdr, LedgerStates.Pending, null, revised.At);
            case CdrBecameBillable billable when cdr is not null:
                return Move(cdr, LedgerStates.Billable, null, billable.At);
            case CdrHeld held when cdr is not null:
                return Move(cdr, LedgerStates.Held, held.Reason, held.At);
            case CdrWithdrawn withdrawn when cdr is not null:
                return Move(cdr, LedgerStates.Withdrawn, null, withdrawn.At);
            case CdrBilled billed when cdr is not null:
                cdr.BilledExclVat += billed.AmountExclVat;
                if (!cdr.EverBilled)
                {
                    cdr.EverBilled = true;
                    cdr.FirstStatementId = billed.StatementId;
                    cdr.FirstInvoiceNumber = billed.InvoiceNumber;
                }
                cdr.ChangedAt = billed.At;
                return cdr;
            default:
                return cdr;
        }
    }

    /// <summary>Folds events onto a state (the decisions' "what it will be after these").</summary>
    public static LedgerCdr? Fold(LedgerCdr? cdr, IEnumerable<object> events) => events.Aggregate(cdr, Next);

    private static LedgerCdr Move(LedgerCdr cdr, string state, string? holdReason, NodaTime.Instant at)
    {
        cdr.State = state;
        cdr.HoldReason = holdReason;
        cdr.ChangedAt = at;
        return cdr;
    }
}
