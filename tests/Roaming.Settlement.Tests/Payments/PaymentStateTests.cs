using NodaTime;
using Roaming.Settlement.Payments;
using Roaming.Settlement.Statements;
using Roaming.Settlement.Statements.Closing;
using Shouldly;
using static Roaming.Settlement.Tests.Statements.StatementFixtures;

namespace Roaming.Settlement.Tests.Payments;

public sealed class PaymentStateTests
{
    private static Statement StatementOf(params decimal[] amounts)
    {
        var draft = new StatementDraft();
        var n = 0;
        foreach (var amount in amounts)
        {
            var decision = StatementLines.Decide(Agreement(), Berlin, EndOf("2026-11"), Cdr($"C{++n}", amount, Utc(2026, 11, 3), credit: amount < 0));
            draft.Add(((Settlement.Statements.Closing.LineDecision.Bill)decision).Line);
        }
        return draft.Issue(Agreement(), BillingPeriod.Parse("monthly", "2026-11")!, 1, new LocalDate(2026, 12, 6), [], Utc(2026, 12, 6), "operator");
    }

    [Theory]
    [InlineData(0, 119, "posted")]
    [InlineData(50, 119, "partially_paid")]
    [InlineData(118.99, 119, "partially_paid")]
    [InlineData(119, 119, "paid")]
    [InlineData(120, 119, "paid")]
    [InlineData(0, 0, "paid")]
    public void The_status_follows_what_was_paid_of_what_is_due(decimal paid, decimal due, string status) =>
        PaymentState.StatusAfter(paid, due).ShouldBe(status);

    [Theory]
    [InlineData("2027-01-05T12:00:00Z", 0, "posted")] // due date, Berlin: not yet overdue
    [InlineData("2027-01-05T23:30:00Z", 0, "overdue")] // 00:30 on 6 January in Berlin
    [InlineData("2027-01-06T12:00:00Z", 50, "overdue")]
    [InlineData("2027-02-01T12:00:00Z", 119, "paid")]
    public void A_statement_not_paid_after_its_due_date_in_the_agreement_zone_reads_overdue(string now, decimal paid, string status)
    {
        var statement = StatementOf(100m);
        statement.DueDate.ShouldBe(new LocalDate(2027, 1, 5));
        var payments = paid == 0 ? null : new StatementPayments { Id = statement.Id, PaidAmount = paid };
        PaymentState.StatusOn(statement, payments, NodaTime.Text.InstantPattern.ExtendedIso.Parse(now).Value).ShouldBe(status);
    }

    [Fact]
    public void A_credit_note_asks_for_a_refund_of_its_absolute_total()
    {
        var credit = StatementOf(-100m);
        credit.IsCreditNote.ShouldBeTrue();
        PaymentState.AmountDue(credit).ShouldBe(119m);
        var (recorded, _) = PaymentState.Decide(credit, null, 119m, new LocalDate(2026, 12, 20), "refund", null, "operator", Utc(2026, 12, 20));
        StatementPaymentsProjection.Create(recorded!).Status.ShouldBe(PaymentStatuses.Paid);
    }

    [Fact]
    public void A_paid_statement_takes_no_further_payment()
    {
        var statement = StatementOf(100m);
        var payments = StatementPaymentsProjection.Create(PaymentState.Decide(statement, null, 119m, new LocalDate(2026, 12, 20), null, null, "operator",
            Utc(2026, 12, 20)).Recorded!);
        var (recorded, refusal) = PaymentState.Decide(statement, payments, 1m, new LocalDate(2026, 12, 21), null, null, "operator", Utc(2026, 12, 21));
        recorded.ShouldBeNull();
        refusal.ShouldBe("statement DE*CPO:DE*MSP:2026-11 is already paid (119.00 of 119.00 EUR)");
    }
}
