using FsCheck.Xunit;
using NodaTime;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Statements;
using Roaming.Settlement.Statements.Closing;
using Shouldly;
using static Roaming.Settlement.Tests.Statements.StatementFixtures;

namespace Roaming.Settlement.Tests.Statements;

/// <summary>
/// Random histories of approvals, declines, revisions, credits, disputes, withdrawals and period closes, run through the
/// pure close (the same <see cref="StatementLines"/> and <see cref="StatementDraft"/> the service uses, with the ledger's
/// billing step applied in memory as <see cref="LedgerBilling"/> writes it in SQL).
/// </summary>
public sealed class CloseHistoryProperties
{
    private static readonly Agreement[] Agreements = [Agreement(providerId: "DE*MSA"), Agreement(providerId: "DE*MSB")];

    private sealed class Ledger
    {
        public Dictionary<string, LedgerCdr> Cdrs { get; } = [];
        public List<Statement> Statements { get; } = [];
        public Dictionary<string, long> Numbers { get; } = [];
        public Dictionary<string, BillingPeriod> NextPeriod { get; } = Agreements.ToDictionary(a => a.Id, _ => BillingPeriod.Parse("monthly", "2026-01")!);

        public void Close(Agreement agreement, BillingPeriod period)
        {
            var draft = new StatementDraft();
            foreach (var cdr in Cdrs.Values.Where(c => c.ProviderId == agreement.ProviderId).OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                switch (StatementLines.Decide(agreement, Berlin, period.EndsAt(Berlin), cdr))
                {
                    case LineDecision.Bill bill:
                        draft.Add(bill.Line);
                        break;
                    case LineDecision.Hold hold:
                        cdr.State = LedgerStates.Held;
                        cdr.HoldReason = hold.Reason;
                        break;
                }
            }
            var number = Numbers[agreement.IssuerId] = Numbers.GetValueOrDefault(agreement.IssuerId) + 1;
            var statement = draft.Issue(agreement, period, number, period.End, [], period.EndsAt(Berlin), "test");
            foreach (var line in statement.Lines)
            {
                var cdr = Cdrs[LedgerKeys.For(agreement.OperatorId, line.CdrId)];
                cdr.BilledExclVat += line.AmountExclVat;
                cdr.FirstStatementId ??= statement.Id;
                cdr.FirstInvoiceNumber ??= statement.InvoiceNumber;
                cdr.EverBilled = true;
            }
            Statements.Add(statement);
            NextPeriod[agreement.Id] = period.Next("monthly");
        }
    }

    private static Ledger Run(int[] history)
    {
        var ledger = new Ledger();
        var n = 0;
        foreach (var step in history)
        {
            var value = Math.Abs((long)step);
            var kind = value % 10;
            var target = ledger.Cdrs.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ElementAtOrDefault((int)(value / 10 % Math.Max(1, ledger.Cdrs.Count)));
            var amount = value / 100 % 5000 / 100m + 0.005m * (value % 3);
            switch (kind)
            {
                case 0 or 1:
                {
                    var agreement = Agreements[value / 7 % 2];
                    var start = Utc(2026, 1, 1) + Duration.FromHours(value / 13 % 8000);
                    var cdr = Cdr($"C{++n:000}", amount, start, LedgerStates.Pending, providerId: agreement.ProviderId,
                        country: value % 17 == 0 ? "XX" : value % 2 == 0 ? "DE" : "NL");
                    ledger.Cdrs[cdr.Id] = cdr;
                    break;
                }
                case 2 when target is { State: LedgerStates.Pending or LedgerStates.Held }:
                    target.State = LedgerStates.Billable; // approved, or dispute accepted
                    break;
                case 3 when target is { State: LedgerStates.Pending or LedgerStates.Billable }:
                    target.State = LedgerStates.Held; // declined, or disputed
                    break;
                case 4 when target is { State: not LedgerStates.Withdrawn } && !target.Facts.IsCredit:
                    target.Facts = target.Facts with { AmountExclVat = amount }; // revised
                    break;
                case 5 when target is { State: LedgerStates.Billable, Facts.IsCredit: false }:
                {
                    var credit = Cdr($"C{++n:000}", -target.Facts.AmountExclVat, target.Facts.SessionStart + Duration.FromDays(3), providerId: target.ProviderId,
                        country: target.Facts.CountryOfSupply, credit: true);
                    ledger.Cdrs[credit.Id] = credit;
                    break;
                }
                case 6 when target is { State: not LedgerStates.Withdrawn }:
                    target.State = LedgerStates.Withdrawn; // rejected, or dispute resolved against it
                    break;
                case 7 or 8:
                {
                    var agreement = Agreements[value / 10 % 2];
                    var period = ledger.NextPeriod[agreement.Id];
                    if (period.Start.Year == 2026)
                        ledger.Close(agreement, period);
                    break;
                }
            }
        }
        // Settle everything that is still open: every billable CDR started before the end of 2026 lands in a statement.
        foreach (var agreement in Agreements)
            ledger.Close(agreement, BillingPeriod.Parse("monthly", "2027-12")!);
        return ledger;
    }

    [Property(MaxTest = 300)]
    public void Every_billable_cdr_is_charged_on_exactly_one_statement(int[] history)
    {
        var ledger = Run(history);
        var lines = ledger.Statements.SelectMany(s => s.Lines.Select(l => (s.ProviderId, Line: l))).ToList();
        foreach (var cdr in ledger.Cdrs.Values)
        {
            var charges = lines.Count(l => l.ProviderId == cdr.ProviderId && l.Line.CdrId == cdr.CdrId && l.Line.Kind != StatementLineKinds.Correction);
            charges.ShouldBe(cdr.EverBilled ? 1 : 0, cdr.CdrId);
            if (cdr.State == LedgerStates.Billable)
                cdr.EverBilled.ShouldBeTrue(cdr.CdrId);
        }
    }

    [Property(MaxTest = 300)]
    public void Corrections_net_out_to_what_each_cdr_is_finally_worth(int[] history)
    {
        var ledger = Run(history);
        foreach (var cdr in ledger.Cdrs.Values.Where(c => c.State is LedgerStates.Billable or LedgerStates.Withdrawn))
        {
            var billed = ledger.Statements.Where(s => s.ProviderId == cdr.ProviderId).SelectMany(s => s.Lines).Where(l => l.CdrId == cdr.CdrId)
                .Sum(l => l.AmountExclVat);
            var worth = cdr.State == LedgerStates.Withdrawn || !cdr.EverBilled ? 0m : SettlementMoney.Round(cdr.Facts.AmountExclVat, "EUR");
            billed.ShouldBe(worth, cdr.CdrId);
            cdr.BilledExclVat.ShouldBe(worth, cdr.CdrId);
        }
    }

    [Property(MaxTest = 300)]
    public void Totals_and_vat_breakdown_are_the_exact_sums_of_the_lines_and_each_breakdown_vat_is_its_taxable_amount_times_the_rate(int[] history)
    {
        foreach (var statement in Run(history).Statements)
        {
            statement.Totals.ShouldBe(new StatementTotals(statement.Lines.Sum(l => l.AmountExclVat), statement.Lines.Sum(l => l.VatAmount),
                statement.Lines.Sum(l => l.AmountInclVat)));
            foreach (var line in statement.Lines)
            {
                line.AmountInclVat.ShouldBe(line.AmountExclVat + line.VatAmount);
                Math.Abs(line.VatAmount - line.AmountExclVat * line.VatRate / 100m).ShouldBeLessThan(0.01m, line.CdrId);
            }
            statement.VatBreakdown.Sum(b => b.TaxableAmount).ShouldBe(statement.Totals.ExclVat);
            statement.VatBreakdown.Sum(b => b.VatAmount).ShouldBe(statement.Totals.Vat);
            foreach (var group in statement.VatBreakdown)
            {
                group.VatAmount.ShouldBe(SettlementMoney.Round(group.TaxableAmount * group.VatRate / 100m, "EUR")); // EN 16931 BR-CO-17
                group.VatAmount.ShouldBe(statement.Lines.Where(l => l.CountryOfSupply == group.CountryOfSupply && l.VatRate == group.VatRate)
                    .Sum(l => l.VatAmount));
            }
            foreach (var group in statement.VatBreakdown)
                group.TaxableAmount.ShouldBe(statement.Lines.Where(l => l.CountryOfSupply == group.CountryOfSupply && l.VatRate == group.VatRate)
                    .Sum(l => l.AmountExclVat));
            statement.Lines.Select(l => l.LineNumber).ShouldBe(Enumerable.Range(1, statement.Lines.Count));
        }
    }

    [Property(MaxTest = 300)]
    public void Statement_numbers_run_from_one_without_gaps_per_issuer(int[] history)
    {
        foreach (var issuer in Run(history).Statements.GroupBy(s => s.IssuerId))
        {
            issuer.Select(s => s.Number).ShouldBe(Enumerable.Range(1, issuer.Count()).Select(i => (long)i));
            issuer.Select(s => s.InvoiceNumber).Distinct().Count().ShouldBe(issuer.Count());
        }
    }
}
