using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Settlement.Reimbursement;

// A reimbursement statement is one stream (key = the statement's id): issued whole by a month's close, then each line
// confirmed or disputed by the employee and a disputed line resolved by the employer. Lines are never repriced.

public sealed record ReimbursementStatementIssued(ReimbursementStatement Statement, string Actor);

public sealed record ReimbursementLineConfirmed(string StatementId, int LineNumber, string Actor, Instant At);

public sealed record ReimbursementLineDisputed(string StatementId, int LineNumber, string Reason, string Actor, Instant At);

/// <param name="Outcome"><see cref="DisputeOutcomes"/>: accepted puts the line back into the payroll total (as billing disputes do: accepted is billable again), rejected leaves it out.</param>
public sealed record ReimbursementDisputeResolved(string StatementId, int LineNumber, string Outcome, string Actor, Instant At);

/// <summary>An employer's month was closed (the stream's existence is what "closed" means): the statements it issued.</summary>
public sealed record ReimbursementPeriodClosed(string EmployerId, string Period, IReadOnlyList<string> StatementIds, string Actor, Instant At);

public static class ReimbursementLineStatuses
{
    public const string Open = "open";
    public const string Confirmed = "confirmed";
    public const string Disputed = "disputed";
    /// <summary>The employer resolved the dispute by accepting the line as it stands: it is paid.</summary>
    public const string Accepted = "accepted";
    /// <summary>The employer resolved the dispute by rejecting the line: it is not paid.</summary>
    public const string Rejected = "rejected";

    /// <summary>Whether the line counts in the payroll total: a disputed line waits for the employer, a rejected one is out.</summary>
    public static bool IsPayable(string status) => status is not (Disputed or Rejected);
}

public static class DisputeOutcomes
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
}

public sealed class ReimbursementStatementProjection : SingleStreamProjection<ReimbursementStatement, string>
{
    public static ReimbursementStatement Create(ReimbursementStatementIssued issued) => issued.Statement;

    public static ReimbursementStatement Apply(ReimbursementLineConfirmed e, ReimbursementStatement current) =>
        current.WithLine(e.LineNumber, line => line with { Status = ReimbursementLineStatuses.Confirmed });

    public static ReimbursementStatement Apply(ReimbursementLineDisputed e, ReimbursementStatement current) =>
        current.WithLine(e.LineNumber, line => line with { Status = ReimbursementLineStatuses.Disputed, DisputeReason = e.Reason });

    public static ReimbursementStatement Apply(ReimbursementDisputeResolved e, ReimbursementStatement current) =>
        current.WithLine(e.LineNumber, line => line with { Status = e.Outcome == DisputeOutcomes.Accepted ? ReimbursementLineStatuses.Accepted : ReimbursementLineStatuses.Rejected });
}
