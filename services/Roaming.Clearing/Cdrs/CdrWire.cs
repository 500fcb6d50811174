using System.Text.Json.Serialization;
using NodaTime;

namespace Roaming.Clearing.Cdrs;

/// <summary>A CDR in the operator API's list.</summary>
public sealed record CdrSummaryView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("cdr_id")] string CdrId,
    [property: JsonPropertyName("evse_id")] string EvseId,
    [property: JsonPropertyName("contract_id")] string ContractId,
    [property: JsonPropertyName("operator_id")] string? OperatorId,
    [property: JsonPropertyName("provider_id")] string? ProviderId,
    [property: JsonPropertyName("uploader")] string Uploader,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("total_cost")] decimal? TotalCost,
    [property: JsonPropertyName("uploaded_at")] Instant UploadedAt,
    [property: JsonPropertyName("changed_at")] Instant ChangedAt)
{
    public static CdrSummaryView Of(ClearingCdr cdr) => new(cdr.Id, cdr.CdrId, cdr.EvseId, cdr.Cdr.ContractId, cdr.OperatorId, cdr.ProviderId,
        cdr.UploaderParticipantId, cdr.Status, cdr.Cdr.Currency, cdr.Cdr.TotalCost, cdr.UploadedAt, cdr.ChangedAt);
}

/// <summary>One CDR with its status history, the rule results of its last check and the document as uploaded.</summary>
public sealed record CdrDetailView(
    [property: JsonPropertyName("cdr")] CdrSummaryView Cdr,
    [property: JsonPropertyName("history")] IReadOnlyList<StatusEntryView> History,
    [property: JsonPropertyName("last_check")] IReadOnlyList<RuleOutcomeView> LastCheck,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("document")] string Document)
{
    public static CdrDetailView Of(ClearingCdr cdr) => new(CdrSummaryView.Of(cdr),
        cdr.History.Select(h => new StatusEntryView(h.Status, h.Actor, h.At, h.Rule, h.Reason)).ToList(),
        cdr.LastCheck.Select(r => new RuleOutcomeView(r.Rule, r.Passed, r.Reason)).ToList(), cdr.Cdr.Protocol, cdr.Cdr.Document);
}

public sealed record StatusEntryView(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("at")] Instant At,
    [property: JsonPropertyName("rule")] string? Rule,
    [property: JsonPropertyName("reason")] string? Reason);

public sealed record RuleOutcomeView(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("reason")] string? Reason);

public sealed record DeclineBody([property: JsonPropertyName("reason")] string? Reason);
