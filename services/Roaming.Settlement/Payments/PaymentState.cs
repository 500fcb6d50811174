using NodaTime;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Payments;

/// <summary>
/// The payment rules, pure. A statement asks for the absolute value of its total incl. VAT: the buyer pays an invoice, the
/// issuer refunds a credit note (both recorded as positive amounts). Paid once the payments reach that amount, partially
/// paid before, posted while nothing is recorded, and overdue when read after the due date (in the agreement's zone)
/// without being paid. A statement that asks for nothing (zero total) is paid from the start.
/// </summary>
public static class PaymentState
{
    public static decimal AmountDue(Statement statement) => Math.Abs(statement.Totals.InclVat);

    public static string StatusAfter(decimal paid, decimal due) =>
        paid >= due ? PaymentStatuses.Paid : paid > 0 ? PaymentStatuses.PartiallyPaid : PaymentStatuses.Posted;

    public static string StatusOn(Statement statement, StatementPayments? payments, Instant now) =>
        StatusOn(statement.Totals, statement.DueDate, statement.TimeZone, payments, now);

    public static string StatusOn(StatementTotals totals, LocalDate dueDate, string timeZone, StatementPayments? payments, Instant now)
    {
        var status = StatusAfter(payments?.PaidAmount ?? 0m, Math.Abs(totals.InclVat));
        var today = now.InZone(DateTimeZoneProviders.Tzdb[timeZone]).Date;
        return status != PaymentStatuses.Paid && today > dueDate ? PaymentStatuses.Overdue : status;
    }

    /// <summary>The payment to record, or why not (nothing changes then).</summary>
    public static (PaymentRecorded? Recorded, string? Refusal) Decide(Statement statement, StatementPayments? payments, decimal amount, LocalDate paidOn,
        string? reference, string? note, string actor, Instant now)
    {
        var due = AmountDue(statement);
        if (StatusAfter(payments?.PaidAmount ?? 0m, due) == PaymentStatuses.Paid)
            return (null, $"statement {statement.Id} is already paid ({SettlementMoney.Text(payments?.PaidAmount ?? 0m, statement.Currency)} of {SettlementMoney.Text(due, statement.Currency)} {statement.Currency})");
        return (new PaymentRecorded(statement.Id, amount, due, paidOn, reference, note, actor, now), null);
    }
}
