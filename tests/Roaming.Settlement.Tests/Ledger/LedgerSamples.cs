using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Settlement.Ledger;

namespace Roaming.Settlement.Tests.Ledger;

/// <summary>A CDR of operator DE*CPO for provider DE*MSP as the clearing workflow reports it, and folding decisions onto the ledger state.</summary>
public static class LedgerSamples
{
    public const string Operator = "DE*CPO";
    public const string Provider = "DE*MSP";
    public static readonly Instant At = Instant.FromUtc(2026, 11, 10, 9, 0);
    public static readonly OffsetDateTime Start = new(new LocalDateTime(2026, 11, 10, 10, 0), Offset.FromHours(1));

    public static CdrForClearing Cdr(string cdrId = "DECPO0001", decimal? total = 6.30m, string currency = "EUR", decimal energy = 20m) => new(cdrId,
        "DE*CPO*E0001", "DE-MSP-C12345678", "new", Start, Start.PlusMinutes(70), currency, total,
        [
            new CdrPeriodForClearing(Start, Start.PlusMinutes(60), "energy", energy, 0.30m, energy * 0.30m, 19),
            new CdrPeriodForClearing(Start, Start.PlusMinutes(60), "usagetime", 1m, 0m, 0m, 19),
            new CdrPeriodForClearing(Start.PlusMinutes(60), Start.PlusMinutes(70), "parkingtime", 0.1667m, 0m, 0m, 19),
            new CdrPeriodForClearing(Start, Start.PlusMinutes(60), "serviceFee", 1m, 0.30m, null, 19),
        ], null, "ochp-1.4", "<cdrInfoArray/>");

    public static CdrClearingStatusChanged Status(string status, string? reason = null, CdrForClearing? cdr = null, string cdrId = "DECPO0001",
        Instant? at = null, string actor = "ochp:msp") =>
        new(cdrId, "DE*CPO*E0001", Operator, Provider, status, actor, reason, at ?? At, cdr ?? (status is "new" or "revised" ? Cdr(cdrId) : null));

    /// <summary>Each change decided on the state the ones before left, as the consumer does; the events and the final state.</summary>
    public static (List<object> Events, LedgerCdr? State) Follow(IEnumerable<CdrClearingStatusChanged> changes, LedgerDecisions.Circumstances? around = null)
    {
        var events = new List<object>();
        LedgerCdr? state = null;
        foreach (var change in changes)
        {
            var decided = LedgerDecisions.OnClearingStatus(state, change, around ?? LedgerDecisions.Circumstances.None);
            events.AddRange(decided);
            state = LedgerCdrProjection.Fold(state, decided);
        }
        return (events, state);
    }

    public static string Describe(object @event) => @event switch
    {
        CdrEnteredLedger e => $"entered {e.Facts.AmountExclVat}",
        CdrFactsRevised e => $"revised {e.Facts.AmountExclVat}: {e.Reason}",
        CdrBecameBillable e => $"billable: {e.Reason}",
        CdrHeld e => $"held: {e.Reason}",
        CdrWithdrawn e => $"withdrawn: {e.Reason}",
        CdrBilled e => $"billed {e.AmountExclVat}",
        _ => @event.GetType().Name,
    };
}
