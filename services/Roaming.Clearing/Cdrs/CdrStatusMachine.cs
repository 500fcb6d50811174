namespace Roaming.Clearing.Cdrs;

public static class CdrStatuses
{
    public const string New = "new";
    public const string Accepted = "accepted";
    public const string Implausible = "implausible";
    public const string Approved = "approved";
    public const string Declined = "declined";
    public const string Revised = "revised";
    public const string Rejected = "rejected";

    public static IReadOnlyList<string> All { get; } = [New, Accepted, Implausible, Approved, Declined, Revised, Rejected];
}

/// <summary>What can happen to a CDR: the uploader's three kinds of upload, the plausibility check's two verdicts, the provider's two answers.</summary>
public enum CdrAction
{
    UploadNew,
    UploadRevised,
    UploadRejected,
    Accept,
    FindImplausible,
    Approve,
    Decline,
}

/// <param name="Next">The status after the action, when allowed.</param>
/// <param name="Refusal">Why not, when refused.</param>
public sealed record CdrTransition(string? Next, string? Refusal)
{
    public bool Allowed => Next is not null;
}

/// <summary>
/// The clearing status machine (OCHP 1.4 §6): new → accepted | implausible; implausible → new (uploaded again);
/// accepted, revised → approved | declined (the provider); accepted, declined → revised | rejected (the uploader);
/// approved and rejected are final. <c>null</c> is a CDR never uploaded.
/// </summary>
public static class CdrStatusMachine
{
    public static CdrAction UploadOf(string requestedStatus) => requestedStatus switch
    {
        CdrStatuses.Revised => CdrAction.UploadRevised,
        CdrStatuses.Rejected => CdrAction.UploadRejected,
        _ => CdrAction.UploadNew,
    };

    public static CdrTransition Decide(string? current, CdrAction action) => (current, action) switch
    {
        (null or CdrStatuses.Implausible, CdrAction.UploadNew) => To(CdrStatuses.New),
        (null, CdrAction.UploadRevised or CdrAction.UploadRejected) => Refuse("the CDR is unknown: upload it with status new first"),
        (CdrStatuses.Implausible, CdrAction.UploadRevised or CdrAction.UploadRejected) =>
            Refuse("the CDR was implausible and never reached the provider: fix it and upload it again with status new"),
        (CdrStatuses.New, CdrAction.Accept) => To(CdrStatuses.Accepted),
        (CdrStatuses.New, CdrAction.FindImplausible) => To(CdrStatuses.Implausible),
        (CdrStatuses.Accepted or CdrStatuses.Revised, CdrAction.Approve) => To(CdrStatuses.Approved),
        (CdrStatuses.Accepted or CdrStatuses.Revised, CdrAction.Decline) => To(CdrStatuses.Declined),
        (CdrStatuses.Accepted or CdrStatuses.Declined, CdrAction.UploadRevised) => To(CdrStatuses.Revised),
        (CdrStatuses.Accepted or CdrStatuses.Declined, CdrAction.UploadRejected) => To(CdrStatuses.Rejected),
        (CdrStatuses.Approved or CdrStatuses.Rejected, _) => Refuse($"the CDR is {current}: final"),
        (_, CdrAction.UploadNew) => Refuse($"the CDR is already known ({current}): upload it again as revised or rejected"),
        (CdrStatuses.Revised, CdrAction.UploadRevised or CdrAction.UploadRejected) => Refuse("the CDR is revised: wait for the provider's answer"),
        (CdrStatuses.Declined, CdrAction.Approve or CdrAction.Decline) => Refuse("the CDR is declined: only its uploader can revise or reject it"),
        (_, CdrAction.Approve or CdrAction.Decline) => Refuse($"the CDR is {current}: not awaiting the provider's answer"),
        _ => Refuse($"{action} is not possible for a CDR that is {current ?? "unknown"}"),
    };

    private static CdrTransition To(string next) => new(next, null);

    private static CdrTransition Refuse(string reason) => new(null, reason);
}
