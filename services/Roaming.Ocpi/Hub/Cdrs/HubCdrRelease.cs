using NodaTime;
using Roaming.Contracts.Clearing.V1;

namespace Roaming.Ocpi.Hub.Cdrs;

/// <summary>
/// What the hub knows of one cleared CDR (from Clearing's <c>CdrClearingStatusChanged</c>): its facts (carried on the
/// <c>new</c> and <c>revised</c> transitions), its latest status, and whether a release to the e-MSP waits for facts that
/// have not arrived yet (a transition can overtake the upload when messages are redelivered out of order).
/// </summary>
/// <param name="Problem">Why the last release could not become an OCPI CDR (an OCHP CDR the bridge cannot map), else null.</param>
public sealed record HubCdrClearing(string Id, string CdrId, string OperatorId, string? ProviderId, CdrForClearing? Cdr, string Status,
    Instant ChangedAt, bool ReleaseWaitsForFacts, string? Problem = null)
{
    public static string IdOf(string operatorId, string cdrId) => $"hubcdr/{operatorId.ToUpperInvariant()}/{cdrId}";
}

/// <summary>The state after a transition, and the CDR facts to hand to the e-MSP now (null: nothing to send).</summary>
public sealed record HubCdrDecision(HubCdrClearing Next, CdrForClearing? Release);

/// <summary>
/// Pure: a CDR reaches the e-MSP when clearing accepts it or accepts a revision of it, with the facts of that upload.
/// Other transitions (approved, declined, implausible, rejected) only move the status the hub keeps.
/// </summary>
public static class HubCdrRelease
{
    public static bool Releases(string status) => status is "accepted" or "revised";

    public static HubCdrDecision Decide(HubCdrClearing? current, CdrClearingStatusChanged change)
    {
        var id = HubCdrClearing.IdOf(change.OperatorId, change.CdrId);
        var facts = change.Cdr ?? current?.Cdr;
        var newer = current is null || change.At >= current.ChangedAt;
        var next = new HubCdrClearing(id, change.CdrId, change.OperatorId.ToUpperInvariant(), change.ProviderId?.ToUpperInvariant() ?? current?.ProviderId,
            facts, newer ? change.Status : current!.Status, newer ? change.At : current!.ChangedAt, current?.ReleaseWaitsForFacts ?? false, current?.Problem);
        if (Releases(change.Status))
            return facts is null ? new HubCdrDecision(next with { ReleaseWaitsForFacts = true }, null) : new HubCdrDecision(next with { ReleaseWaitsForFacts = false }, facts);
        // The facts arrived after the acceptance they belong to.
        if (change.Cdr is not null && current?.ReleaseWaitsForFacts == true)
            return new HubCdrDecision(next with { ReleaseWaitsForFacts = false }, change.Cdr);
        return new HubCdrDecision(next, null);
    }
}
