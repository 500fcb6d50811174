using NodaTime;

namespace Roaming.Clearing.Cdrs.Confirming;

/// <summary>A provider's answer to one CDR: approved or declined (with a reason), when the status machine allows it.</summary>
public static class ConfirmCdr
{
    public const string Approve = "approved";
    public const string Decline = "declined";

    /// <summary>The event of the answer, or the refusal.</summary>
    public static (object? Event, string? Refusal) Decide(ClearingCdr cdr, string decision, string? reason, Instant at)
    {
        var transition = CdrStatusMachine.Decide(cdr.Status, decision == Approve ? CdrAction.Approve : CdrAction.Decline);
        if (!transition.Allowed)
            return (null, transition.Refusal);
        var parties = new CdrParties(cdr.CdrId, cdr.EvseId, cdr.OperatorId, cdr.ProviderId, cdr.UploaderParticipantId);
        return decision == Approve ? (new CdrApproved(cdr.Id, parties, at), null) : (new CdrDeclined(cdr.Id, parties, reason, at), null);
    }
}
