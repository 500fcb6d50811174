using NodaTime;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Statements;
using Roaming.Settlement.Statements.Closing;
using Shouldly;
using static Roaming.Settlement.Tests.Statements.StatementFixtures;

namespace Roaming.Settlement.Tests.Statements;

public sealed class StatementLinesTests
{
    private static readonly Instant NovemberEnd = EndOf("2026-11");

    private static LineDecision Decide(LedgerCdr cdr, string currency = "EUR") => StatementLines.Decide(Agreement(currency: currency), Berlin, NovemberEnd, cdr);

    private static StatementLine Line(LedgerCdr cdr, string currency = "EUR") => Decide(cdr, currency).ShouldBeOfType<LineDecision.Bill>().Line;

    [Theory]
    // net, rate (DE 19 / NL 21), expected VAT: rounded once per line, half away from zero
    [InlineData(10.00, "DE", 1.90)]
    [InlineData(0.50, "DE", 0.10)] // 0.095 → 0.10
    [InlineData(0.05, "DE", 0.01)] // 0.0095 → 0.01
    [InlineData(12.34, "NL", 2.59)] // 2.5914
    [InlineData(2.50, "NL", 0.53)] // 0.525 → 0.53
    [InlineData(-2.50, "NL", -0.53)] // half away from zero, also for credits
    [InlineData(0.00, "DE", 0.00)]
    public void A_charge_line_carries_its_vat_rounded_once(decimal net, string country, decimal vat)
    {
        var line = Line(Cdr("C1", net, Utc(2026, 11, 3), country: country));
        line.Kind.ShouldBe(StatementLineKinds.Charge);
        line.AmountExclVat.ShouldBe(net);
        line.VatRate.ShouldBe(country == "DE" ? 19m : 21m);
        line.VatAmount.ShouldBe(vat);
        line.AmountInclVat.ShouldBe(net + vat);
        line.CorrectsStatementId.ShouldBeNull();
    }

    [Theory]
    [InlineData("EUR", 10.005, 10.01)]
    [InlineData("EUR", 10.004, 10.00)]
    [InlineData("JPY", 1234.5, 1235)]
    [InlineData("KWD", 1.2345, 1.235)]
    public void The_net_amount_is_rounded_to_the_currency_minor_unit(string currency, decimal amount, decimal expected) =>
        Line(Cdr("C1", amount, Utc(2026, 11, 3), currency: currency), currency).AmountExclVat.ShouldBe(expected);

    [Fact]
    public void The_session_start_is_shown_in_the_agreement_zone_and_selects_the_rate_by_local_date()
    {
        // 23:30 UTC on 31 October is 00:30 on 1 November in Berlin: AT's rate ended on 1 November.
        var cdr = Cdr("C1", 10m, Instant.FromUtc(2026, 10, 31, 23, 30), country: "AT");
        Decide(cdr).ShouldBe(new LineDecision.Hold("no VAT rate for AT on 2026-11-01"));
        var october = Cdr("C2", 10m, Instant.FromUtc(2026, 10, 31, 22, 30), country: "AT");
        var line = Line(october);
        line.SessionStart.ShouldBe(new LocalDateTime(2026, 10, 31, 23, 30));
        line.VatRate.ShouldBe(20m);
    }

    [Fact]
    public void A_credit_cdr_is_a_negative_credit_line()
    {
        var cdr = Cdr("C1-credit", -8.40m, Utc(2026, 11, 3), credit: true);
        cdr.Facts = cdr.Facts with { CreditReferenceId = "C1" };
        var line = Line(cdr);
        line.Kind.ShouldBe(StatementLineKinds.Credit);
        (line.AmountExclVat, line.VatAmount, line.AmountInclVat).ShouldBe((-8.40m, -1.60m, -10.00m));
        line.Note.ShouldBe("credit for CDR C1");
    }

    [Theory]
    [InlineData(LedgerStates.Pending)]
    [InlineData(LedgerStates.Held)]
    [InlineData(LedgerStates.Withdrawn)]
    public void A_cdr_never_billed_and_not_billable_is_left_out(string state) =>
        Decide(Cdr("C1", 10m, Utc(2026, 11, 3), state)).ShouldBe(LineDecision.Nothing.Instance);

    [Fact]
    public void A_cdr_that_started_after_the_period_waits_for_its_own_period()
    {
        Decide(Cdr("C1", 10m, NovemberEnd)).ShouldBe(LineDecision.Nothing.Instance);
        Decide(Cdr("C1", 10m, NovemberEnd - Duration.FromSeconds(1))).ShouldBeOfType<LineDecision.Bill>();
    }

    [Fact]
    public void A_cdr_in_another_currency_is_held_never_converted() =>
        Decide(Cdr("C1", 10m, Utc(2026, 11, 3), currency: "CHF")).ShouldBe(new LineDecision.Hold("currency CHF differs from the agreement's EUR"));

    [Theory]
    // state, facts amount, billed so far → correction amount (null: nothing)
    [InlineData(LedgerStates.Billable, 12.00, 10.00, 2.00)]
    [InlineData(LedgerStates.Billable, 7.50, 10.00, -2.50)]
    [InlineData(LedgerStates.Billable, 10.00, 10.00, null)]
    [InlineData(LedgerStates.Withdrawn, 10.00, 10.00, -10.00)]
    [InlineData(LedgerStates.Withdrawn, 10.00, 0.00, null)]
    [InlineData(LedgerStates.Held, 12.00, 10.00, null)]
    [InlineData(LedgerStates.Pending, 12.00, 10.00, null)]
    public void A_billed_cdr_whose_worth_changed_is_corrected_by_the_difference(string state, decimal facts, decimal billed, double? correction)
    {
        var cdr = Billed(Cdr("C1", facts, Utc(2026, 10, 3), state), billed);
        var decision = Decide(cdr);
        if (correction is null)
        {
            decision.ShouldBe(LineDecision.Nothing.Instance);
            return;
        }
        var line = decision.ShouldBeOfType<LineDecision.Bill>().Line;
        line.Kind.ShouldBe(StatementLineKinds.Correction);
        line.AmountExclVat.ShouldBe((decimal)correction);
        line.VatAmount.ShouldBe(SettlementMoney.Round((decimal)correction * 0.19m, "EUR"));
        line.CorrectsStatementId.ShouldBe("DE*CPO:DE*MSP:2026-10");
        line.CorrectsInvoiceNumber.ShouldBe("DECPO-2026-000001");
        line.Note.ShouldBe(state == LedgerStates.Withdrawn ? "withdrawn" : "revised");
    }

    [Fact]
    public void A_withdrawn_cdr_notes_why()
    {
        var cdr = Billed(Cdr("C1", 10m, Utc(2026, 10, 3), LedgerStates.Withdrawn), 10m);
        cdr.HoldReason = "dispute D1 rejected";
        Line(cdr).Note.ShouldBe("withdrawn: dispute D1 rejected");
    }

    [Fact]
    public void The_draft_numbers_lines_and_sums_them_exactly_per_country_and_rate()
    {
        var draft = new StatementDraft();
        foreach (var (id, amount, country) in new[] { ("A", 10.00m, "DE"), ("B", 0.50m, "DE"), ("C", 12.34m, "NL"), ("D", -2.50m, "NL") })
            draft.Add(Line(Cdr(id, amount, Utc(2026, 11, 3), country: country)));
        draft.Lines.Select(l => l.LineNumber).ShouldBe([1, 2, 3, 4]);
        var statement = draft.Issue(Agreement(), BillingPeriod.Parse("monthly", "2026-11")!, 7, new LocalDate(2026, 12, 6), [], Utc(2026, 12, 6), "operator");
        // NL: 9.84 × 21 % = 2.0664 → 2.07, but the lines round to 2.59 − 0.53 = 2.06: the line whose rounding lost the most
        // (−0.525 rounded away to −0.53) gives the cent back.
        statement.Lines.Select(l => l.VatAmount).ShouldBe([1.90m, 0.10m, 2.59m, -0.52m]);
        statement.Lines[3].AmountInclVat.ShouldBe(-3.02m);
        statement.VatBreakdown.ShouldBe([
            new VatBreakdown("DE", 19m, 10.50m, 2.00m, 12.50m),
            new VatBreakdown("NL", 21m, 9.84m, 2.07m, 11.91m),
        ]);
        statement.Totals.ShouldBe(new StatementTotals(20.34m, 4.07m, 24.41m));
        statement.InvoiceNumber.ShouldBe("DECPO-2026-000007");
        statement.DueDate.ShouldBe(new LocalDate(2027, 1, 5));
        statement.Id.ShouldBe("DE*CPO:DE*MSP:2026-11");
    }

    [Fact]
    public void A_breakdown_of_many_lines_keeps_the_vat_en_16931_computes_on_its_taxable_amount()
    {
        // 0.50 × 19 % = 0.095 rounds up on every line: 1,000 lines would print 100.00 VAT on a taxable 500.00 (95.00).
        var draft = new StatementDraft();
        for (var i = 0; i < 1000; i++)
            draft.Add(Line(Cdr($"C{i}", 0.50m, Utc(2026, 11, 3))));
        var statement = draft.Issue(Agreement(), BillingPeriod.Parse("monthly", "2026-11")!, 1, new LocalDate(2026, 12, 6), [], Utc(2026, 12, 6), "operator");
        statement.VatBreakdown.ShouldHaveSingleItem().ShouldBe(new VatBreakdown("DE", 19m, 500.00m, 95.00m, 595.00m));
        statement.Lines.Count(l => l.VatAmount == 0.09m).ShouldBe(500);
        statement.Lines.Count(l => l.VatAmount == 0.10m).ShouldBe(500);
        statement.Totals.ShouldBe(new StatementTotals(500.00m, 95.00m, 595.00m));
    }

    private static LedgerCdr Billed(LedgerCdr cdr, decimal billed)
    {
        cdr.EverBilled = true;
        cdr.BilledExclVat = billed;
        cdr.FirstStatementId = "DE*CPO:DE*MSP:2026-10";
        cdr.FirstInvoiceNumber = "DECPO-2026-000001";
        return cdr;
    }
}
