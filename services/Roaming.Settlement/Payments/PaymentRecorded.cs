using JasperFx.Events.Projections;
using Marten.Events.Projections;
using NodaTime;

namespace Roaming.Settlement.Payments;

/// <summary>
/// A payment of a statement was recorded (stream <c>payments:{statement id}</c>). <paramref name="Amount"/> is positive: what
/// the buyer paid on an invoice, or what the issuer refunded on a credit note; <paramref name="AmountDue"/> is what the
/// statement asks for (the absolute value of its total incl. VAT), so the payment state follows from the events alone.
/// </summary>
public sealed record PaymentRecorded(string StatementId, decimal Amount, decimal AmountDue, LocalDate PaidOn, string? Reference, string? Note,
    string RecordedBy, Instant At);

public static class PaymentStreams
{
    public static string For(string statementId) => $"payments:{statementId}";
}

/// <summary><see cref="StatementPayments"/> (id = the statement id) from the statement's payment stream, inline.</summary>
public sealed class StatementPaymentsProjection : MultiStreamProjection<StatementPayments, string>
{
    public StatementPaymentsProjection() => Identity<PaymentRecorded>(recorded => recorded.StatementId);

    public static StatementPayments Create(PaymentRecorded recorded) => Apply(recorded, new StatementPayments { Id = recorded.StatementId });

    public static StatementPayments Apply(PaymentRecorded recorded, StatementPayments current)
    {
        var paid = current.PaidAmount + recorded.Amount;
        return new StatementPayments
        {
            Id = recorded.StatementId,
            PaidAmount = paid,
            Status = PaymentState.StatusAfter(paid, recorded.AmountDue),
            Payments = [.. current.Payments, new RecordedPayment(recorded.Amount, recorded.PaidOn, recorded.Reference, recorded.Note, recorded.RecordedBy, recorded.At)],
        };
    }
}
