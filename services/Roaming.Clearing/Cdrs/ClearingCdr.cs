using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using Roaming.Contracts.Clearing.V1;

namespace Roaming.Clearing.Cdrs;

/// <summary>One entry of a CDR's status history.</summary>
public sealed record StatusEntry(string Status, string Actor, Instant At, string? Rule, string? Reason);

/// <summary>
/// A CDR's clearing state: the last accepted upload, the current status, its history and the last check. Written in the
/// same commit as the events that change it, by the consumer that appends them (<see cref="Apply"/>), so a batch of
/// hundreds of CDRs reads all their states with one query.
/// </summary>
public sealed partial record ClearingCdr(
    string Id,
    string CdrId,
    string EvseId,
    string? OperatorId,
    string? ProviderId,
    string UploaderParticipantId,
    string Status,
    CdrForClearing Cdr,
    Instant UploadedAt,
    int PositionInBatch,
    Instant ChangedAt,
    IReadOnlyList<StatusEntry> History,
    IReadOnlyList<RuleOutcome> LastCheck)
{
    /// <summary><see cref="UploadedAt"/> as Marten's LINQ can compare it (it orders NodaTime values, but does not compare them).</summary>
    public DateTimeOffset UploadedAtUtc => UploadedAt.ToDateTimeOffset();

    /// <summary>
    /// The stream key: the uploader's participant id, a dot and the CdrId. OCHP CdrIds are unique per uploader only, and
    /// keying by uploader means an upload can never write into another operator's CDR, even when its CdrId carries that
    /// operator's prefix (it is found implausible under the uploader's own key). A CdrId outside <c>[0-9A-Z]{1,36}</c> (a
    /// schema problem) is replaced by a hash so that the key stays URL-safe.
    /// </summary>
    public static string KeyOf(string uploaderParticipantId, string cdrId) =>
        $"{uploaderParticipantId}.{(PlainCdrId().IsMatch(cdrId) ? cdrId : "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cdrId)))[..24])}";

    /// <summary>The state after <paramref name="event"/> (appended by <paramref name="actor"/>); an upload starts a CDR when <paramref name="current"/> is null.</summary>
    public static ClearingCdr Apply(ClearingCdr? current, object @event, string actor) => (@event, current) switch
    {
        (CdrUploaded uploaded, _) => (current ?? new ClearingCdr(uploaded.Key, uploaded.Parties.CdrId, uploaded.Parties.EvseId, null, null,
                uploaded.Parties.UploaderParticipantId, CdrStatuses.New, uploaded.Cdr, uploaded.At, uploaded.PositionInBatch, uploaded.At, [], [])) with
            {
                EvseId = uploaded.Parties.EvseId, OperatorId = uploaded.Parties.OperatorId, ProviderId = uploaded.Parties.ProviderId, Cdr = uploaded.Cdr,
                UploadedAt = uploaded.At, PositionInBatch = uploaded.PositionInBatch,
                // A re-upload as revised or rejected records its own transition event; an upload as new is the transition to new.
                Status = uploaded.Cdr.Status == CdrStatuses.New ? CdrStatuses.New : current!.Status,
                History = uploaded.Cdr.Status == CdrStatuses.New ? [.. current?.History ?? [], new StatusEntry(CdrStatuses.New, actor, uploaded.At, null, null)] : current!.History,
                ChangedAt = uploaded.At,
            },
        (CdrAccepted accepted, not null) => current.To(CdrStatuses.Accepted, actor, accepted.At, null, null) with { LastCheck = accepted.Checks },
        (CdrFoundImplausible implausible, not null) => current.To(CdrStatuses.Implausible, actor, implausible.At, implausible.Rule, implausible.Reason)
            with { LastCheck = implausible.Checks },
        (CdrApproved approved, not null) => current.To(CdrStatuses.Approved, actor, approved.At, null, null),
        (CdrDeclined declined, not null) => current.To(CdrStatuses.Declined, actor, declined.At, null, declined.Reason),
        (CdrRevised revised, not null) => current.To(CdrStatuses.Revised, actor, revised.At, null, null) with { LastCheck = revised.Checks },
        (CdrRejected rejected, not null) => current.To(CdrStatuses.Rejected, actor, rejected.At, null, null),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to {(current is null ? "no CDR" : "CDR " + current.Id)}"),
    };

    private ClearingCdr To(string status, string actor, Instant at, string? rule, string? reason) =>
        this with { Status = status, ChangedAt = at, History = [.. History, new StatusEntry(status, actor, at, rule, reason)] };

    [GeneratedRegex("^[0-9A-Z]{1,36}$")]
    private static partial Regex PlainCdrId();
}
