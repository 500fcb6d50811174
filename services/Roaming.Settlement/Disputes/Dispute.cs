using NodaTime;

namespace Roaming.Settlement.Disputes;

/// <summary>
/// A dispute about one CDR (raised on the CDR or on a statement line), projected inline from its stream
/// (id = the dispute id). While open, the CDR is held out of statements; the outcome releases it (<c>accepted</c>: the
/// CDR stands and is billable again) or withdraws it (<c>rejected</c>: the claim is dropped, credited if it was billed).
/// The next statement of the agreement lists the disputes opened or resolved since the previous one.
/// </summary>
public sealed class Dispute
{
    public string Id { get; set; } = "";
    public string OperatorId { get; set; } = "";
    public string ProviderId { get; set; } = "";
    public string CdrId { get; set; } = "";
    /// <summary>Set when raised on a statement line.</summary>
    public string? StatementId { get; set; }
    public int? LineNumber { get; set; }
    public string Reason { get; set; } = "";
    /// <summary>The evidence given, or the CDR's signed meter data when none was given.</summary>
    public string? Evidence { get; set; }
    /// <summary><c>open</c>, <c>accepted</c> or <c>rejected</c>.</summary>
    public string Status { get; set; } = "open";
    public string? Outcome { get; set; }
    public string OpenedBy { get; set; } = "";
    public Instant OpenedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public Instant? ResolvedAt { get; set; }
    /// <summary>The statement that printed this dispute's latest state (so each state is printed once).</summary>
    public string? ReportedOnStatementId { get; set; }
    /// <summary>The status that statement printed; the dispute is due on the next statement while it differs from <see cref="Status"/>.</summary>
    public string? ReportedStatus { get; set; }
}
