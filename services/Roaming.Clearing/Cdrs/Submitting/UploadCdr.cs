using NodaTime;
using Roaming.Clearing.Cdrs.Plausibility;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Identifiers;

namespace Roaming.Clearing.Cdrs.Submitting;

/// <summary>
/// One uploaded CDR: checked, then recorded with one event per transition. An upload as <c>new</c> is always recorded (an
/// implausible one too, so its uploader and the operator can see why); a re-upload whose check fails changes nothing and
/// is only answered.
/// </summary>
public static class UploadCdr
{
    /// <param name="Events">To append to the CDR's stream, in order; empty when nothing changes.</param>
    public sealed record Decision(IReadOnlyList<object> Events, CdrSubmissionOutcome Outcome);

    public static Decision Decide(string uploaderParticipantId, CdrForClearing cdr, ClearingCdr? current, PlausibilityInput input, int position, Instant at)
    {
        var key = ClearingCdr.KeyOf(uploaderParticipantId, cdr.CdrId);
        var parties = new CdrParties(cdr.CdrId, cdr.EvseId, input.Evse?.OperatorId.ToString(), input.Contract?.ProviderId.ToString(), uploaderParticipantId);
        var result = PlausibilityRules.Check(input);
        var uploaded = new CdrUploaded(key, parties, cdr, position, at);
        if (result.Failed is { } failed)
        {
            var outcome = new CdrSubmissionOutcome(cdr.CdrId, cdr.EvseId,
                failed.Rule == PlausibilityRules.ProviderConnected ? CdrSubmissionOutcomes.NotConnected : CdrSubmissionOutcomes.Implausible, failed.Rule, failed.Reason);
            var recorded = cdr.Status == CdrStatuses.New && CdrStatusMachine.Decide(current?.Status, CdrAction.UploadNew).Allowed;
            return new Decision(recorded ? [uploaded, new CdrFoundImplausible(key, parties, failed.Rule, failed.Reason!, result.Outcomes, at)] : [], outcome);
        }
        return cdr.Status switch
        {
            CdrStatuses.Revised => new Decision([uploaded, new CdrRevised(key, parties, result.Outcomes, at, cdr)], Outcome(cdr, CdrSubmissionOutcomes.Revised)),
            CdrStatuses.Rejected => new Decision([uploaded, new CdrRejected(key, parties, at)], Outcome(cdr, CdrSubmissionOutcomes.Rejected)),
            _ => new Decision([uploaded, new CdrAccepted(key, parties, result.Outcomes, at)], Outcome(cdr, CdrSubmissionOutcomes.Accepted)),
        };
    }

    private static CdrSubmissionOutcome Outcome(CdrForClearing cdr, string outcome) => new(cdr.CdrId, cdr.EvseId, outcome, null, null);

    /// <summary>The canonical Provider-ID of a contract id, when it is one.</summary>
    public static string? ProviderOf(string contractId) => ContractId.TryParse(contractId, out var contract) ? contract.ProviderId.ToString() : null;
}
