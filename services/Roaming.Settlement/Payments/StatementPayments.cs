using NodaTime;

namespace Roaming.Settlement.Payments;

/// <summary>
/// What has been paid of a statement (projected inline from the stream <c>payments:{statement id}</c>; id = the
/// statement id; absent until the first payment is recorded, which reads as <c>posted</c>).
/// </summary>
public sealed class StatementPayments
{
    public string Id { get; set; } = "";
    public decimal PaidAmount { get; set; }
    /// <summary><see cref="PaymentStatuses"/> as of the last payment (<c>overdue</c> is decided when read, from the due date).</summary>
    public string Status { get; set; } = PaymentStatuses.Posted;
    public IReadOnlyList<RecordedPayment> Payments { get; set; } = [];
}

public sealed record RecordedPayment(decimal Amount, LocalDate PaidOn, string? Reference, string? Note, string RecordedBy, Instant RecordedAt);

public static class PaymentStatuses
{
    public const string Posted = "posted";
    public const string PartiallyPaid = "partially_paid";
    public const string Paid = "paid";
    public const string Overdue = "overdue";
}
