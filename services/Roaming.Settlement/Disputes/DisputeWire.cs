using System.Text.Json.Serialization;
using NodaTime;

namespace Roaming.Settlement.Disputes;

/// <summary>The body of <c>POST /api/settlement/disputes</c>: a CDR (operator_id, cdr_id) or a statement line (statement_id, line_number).</summary>
public sealed record OpenDisputeBody(
    [property: JsonPropertyName("operator_id")] string? OperatorId,
    [property: JsonPropertyName("cdr_id")] string? CdrId,
    [property: JsonPropertyName("statement_id")] string? StatementId,
    [property: JsonPropertyName("line_number")] int? LineNumber,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("evidence")] string? Evidence);

/// <summary>The body of <c>POST /api/settlement/disputes/{id}/resolve</c>.</summary>
public sealed record ResolveDisputeBody(
    [property: JsonPropertyName("outcome")] string? Outcome,
    [property: JsonPropertyName("note")] string? Note);

public sealed record DisputeView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("operator_id")] string OperatorId,
    [property: JsonPropertyName("provider_id")] string ProviderId,
    [property: JsonPropertyName("cdr_id")] string CdrId,
    [property: JsonPropertyName("statement_id")] string? StatementId,
    [property: JsonPropertyName("line_number")] int? LineNumber,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("evidence")] string? Evidence,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("outcome")] string? Outcome,
    [property: JsonPropertyName("opened_by")] string OpenedBy,
    [property: JsonPropertyName("opened_at")] Instant OpenedAt,
    [property: JsonPropertyName("resolved_by")] string? ResolvedBy,
    [property: JsonPropertyName("resolved_at")] Instant? ResolvedAt,
    [property: JsonPropertyName("reported_on_statement_id")] string? ReportedOnStatementId,
    [property: JsonPropertyName("reported_status")] string? ReportedStatus)
{
    public static DisputeView Of(Dispute d) => new(d.Id, d.OperatorId, d.ProviderId, d.CdrId, d.StatementId, d.LineNumber, d.Reason, d.Evidence, d.Status,
        d.Outcome, d.OpenedBy, d.OpenedAt, d.ResolvedBy, d.ResolvedAt, d.ReportedOnStatementId, d.ReportedStatus);
}
