using NodaTime;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Ledger;

namespace Roaming.Settlement.Statements.Closing;

/// <summary>What a period close does with one ledger CDR of the agreement.</summary>
public abstract record LineDecision
{
    private LineDecision() { }

    /// <summary>Bill it: a charge or credit line (first time), or a correction of what earlier statements billed.</summary>
    public sealed record Bill(StatementLine Line) : LineDecision;

    /// <summary>It cannot be billed as it stands (currency, no VAT rate): held with the reason, out of the statement.</summary>
    public sealed record Hold(string Reason) : LineDecision;

    /// <summary>Nothing to bill: not yet billable, not in the period, or already billed at its current worth.</summary>
    public sealed record Nothing : LineDecision
    {
        public static readonly Nothing Instance = new();
    }
}

/// <summary>
/// The pure core of a period close: one CDR's line. A CDR that is billable, never billed and started before the period's
/// end gets a <c>charge</c> line (<c>credit</c> for a credit CDR, negative); a CDR billed before whose worth now differs
/// from what was billed (revised, withdrawn, dispute outcome) gets a <c>correction</c> line of the difference, referencing
/// the statement that billed it first. Money is rounded once per line, half away from zero, to the currency's minor unit.
/// </summary>
public static class StatementLines
{
    public static LineDecision Decide(Agreement agreement, DateTimeZone zone, Instant periodEndsAt, LedgerCdr cdr)
    {
        var target = WorthNow(cdr);
        bool charge = !cdr.EverBilled && cdr.State == LedgerStates.Billable && cdr.Facts.SessionStart < periodEndsAt;
        if (!charge && !(cdr.EverBilled && target is { } worth && SettlementMoney.Round(worth, agreement.Currency) != cdr.BilledExclVat))
            return LineDecision.Nothing.Instance;

        var facts = cdr.Facts;
        if (facts.Currency != agreement.Currency)
            return new LineDecision.Hold($"currency {facts.Currency} differs from the agreement's {agreement.Currency}");
        var sessionStart = facts.SessionStart.InZone(zone).LocalDateTime;
        if (agreement.VatRateFor(facts.CountryOfSupply, sessionStart.Date) is not { } rate)
            return new LineDecision.Hold($"no VAT rate for {facts.CountryOfSupply} on {sessionStart.Date:yyyy-MM-dd}");

        var net = charge ? SettlementMoney.Round(facts.AmountExclVat, agreement.Currency) : SettlementMoney.Round(target!.Value, agreement.Currency) - cdr.BilledExclVat;
        var vat = SettlementMoney.Round(net * rate / 100m, agreement.Currency);
        var kind = !charge ? StatementLineKinds.Correction : facts.IsCredit ? StatementLineKinds.Credit : StatementLineKinds.Charge;
        return new LineDecision.Bill(new StatementLine(0, kind, cdr.CdrId, sessionStart, facts.LocationId, facts.EvseId, facts.CountryOfSupply,
            facts.EnergyKwh, facts.ChargingTime, facts.ParkingTime, net, rate, vat, net + vat,
            charge ? null : cdr.FirstStatementId, charge ? null : cdr.FirstInvoiceNumber, charge ? CreditNote(facts) : CorrectionNote(cdr)));
    }

    /// <summary>What the CDR is worth to its agreement now: nothing once withdrawn, its facts while billable, and while held
    /// or pending whatever was billed (null: leave it as it is until it is released).</summary>
    public static decimal? WorthNow(LedgerCdr cdr) => cdr.State switch
    {
        LedgerStates.Withdrawn => 0m,
        LedgerStates.Billable => cdr.Facts.AmountExclVat,
        _ => null,
    };

    private static string? CreditNote(SettledCdrFacts facts) =>
        facts.IsCredit ? facts.CreditReferenceId is { } original ? $"credit for CDR {original}" : "credit" : null;

    private static string CorrectionNote(LedgerCdr cdr) => cdr.State == LedgerStates.Withdrawn
        ? cdr.HoldReason is { Length: > 0 } reason ? $"withdrawn: {reason}" : "withdrawn"
        : "revised";
}
