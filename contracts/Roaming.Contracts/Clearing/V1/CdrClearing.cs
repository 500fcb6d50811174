using NodaTime;

namespace Roaming.Contracts.Clearing.V1;

/// <summary>
/// A CDR as a protocol adapter (OCHP today, the OCPI hub next) hands it to the clearing workflow: the facts the
/// plausibility rules check, in protocol-neutral form, plus the document as received so that the same protocol can
/// give it back unchanged. Times are the charge point's local times with their offset, as OCHP carries them.
/// </summary>
/// <param name="Status">What the uploader asks for: <c>new</c>, or for a re-upload <c>revised</c> or <c>rejected</c>.</param>
/// <param name="TotalCost">Net amount (excl. VAT) as the uploader states it; null when it left it out.</param>
/// <param name="SchemaProblem">Set by the adapter when the CDR's document broke the protocol's schema; the workflow then
/// records it as implausible under the rule <c>schema-valid</c> without looking further.</param>
/// <param name="Protocol">The protocol and version of <paramref name="Document"/>, e.g. <c>ochp-1.4</c>.</param>
/// <param name="Document">The CDR as received (for OCHP the <c>cdrInfoArray</c> element's XML).</param>
public sealed record CdrForClearing(
    string CdrId,
    string EvseId,
    string ContractId,
    string Status,
    OffsetDateTime? Start,
    OffsetDateTime? End,
    string Currency,
    decimal? TotalCost,
    IReadOnlyList<CdrPeriodForClearing> Periods,
    string? SchemaProblem,
    string Protocol,
    string Document);

/// <param name="BillingItem">OCHP billing item names: <c>parkingtime</c>, <c>usagetime</c>, <c>energy</c>, <c>power</c>,
/// <c>serviceFee</c>, <c>reservation</c>, <c>reservationtime</c>.</param>
public sealed record CdrPeriodForClearing(
    OffsetDateTime Start,
    OffsetDateTime End,
    string BillingItem,
    decimal BillingValue,
    decimal ItemPrice,
    decimal? PeriodCost,
    int? TaxRate);

/// <summary>Request (answered with <see cref="CdrsSubmitted"/>): a CPO participant uploads CDRs.</summary>
/// <param name="Actor">Who did it, as recorded on the events (e.g. <c>ochp:username</c>).</param>
public sealed record SubmitCdrs(string ParticipantId, string Actor, IReadOnlyList<CdrForClearing> Cdrs, Instant ReceivedAt);

/// <summary>One outcome per submitted CDR, in the order submitted.</summary>
public sealed record CdrsSubmitted(IReadOnlyList<CdrSubmissionOutcome> Outcomes);

/// <param name="Outcome">One of <see cref="CdrSubmissionOutcomes"/>.</param>
/// <param name="FailedRule">For <c>implausible</c>: the name of the plausibility rule that failed first.</param>
public sealed record CdrSubmissionOutcome(string CdrId, string EvseId, string Outcome, string? FailedRule, string? Reason);

public static class CdrSubmissionOutcomes
{
    /// <summary>Plausible; forwarded to the provider (status accepted).</summary>
    public const string Accepted = "accepted";
    /// <summary>A legal re-upload of a declined (or not yet confirmed) CDR; back to the provider.</summary>
    public const string Revised = "revised";
    /// <summary>A legal re-upload marking the claim as given up; final.</summary>
    public const string Rejected = "rejected";
    /// <summary>A plausibility rule failed; recorded, not forwarded; the uploader may fix it and upload it again as new.</summary>
    public const string Implausible = "implausible";
    /// <summary>The provider of the contract is not connected to the uploader.</summary>
    public const string NotConnected = "not-connected";
}

/// <summary>Request (answered with <see cref="CdrsConfirmed"/>): a provider participant approves or declines CDRs.</summary>
public sealed record ConfirmCdrs(string ParticipantId, string Actor, IReadOnlyList<CdrKey> Approved, IReadOnlyList<CdrKey> Declined, Instant ReceivedAt);

/// <param name="Reason">Why a provider declines (OCHP has no field for it; kept in the clearing log).</param>
public sealed record CdrKey(string CdrId, string EvseId, string? Reason = null);

public sealed record CdrsConfirmed(IReadOnlyList<CdrConfirmationOutcome> Outcomes);

/// <param name="Applied">false when the CDR is unknown to this provider or the transition is illegal (see <paramref name="Reason"/>).</param>
public sealed record CdrConfirmationOutcome(string CdrId, string EvseId, string Decision, bool Applied, string? Reason);

/// <summary>
/// Request (answered with <see cref="CdrsFound"/>): the CDRs a participant may see, in one of its roles, in the given
/// clearing statuses. As <c>provider</c> those whose contract belongs to one of its Provider-IDs and whose operator is
/// connected; as <c>operator</c> those it uploaded.
/// </summary>
public sealed record FindCdrs(string ParticipantId, string Role, IReadOnlyList<string> Statuses);

public static class CdrRoles
{
    public const string Provider = "provider";
    public const string Operator = "operator";
}

public sealed record CdrsFound(IReadOnlyList<ClearedCdr> Cdrs);

/// <param name="Status">The current clearing status: new, accepted, approved, declined, revised, rejected (or implausible).</param>
public sealed record ClearedCdr(CdrForClearing Cdr, string Status, Instant ChangedAt);

/// <summary>
/// A CDR's clearing status changed (published for every transition; settlement and the OCPI hub follow it).
/// <paramref name="Reason"/> carries the failed rule or the e-MSP's reason where there is one. <paramref name="Cdr"/>
/// carries the CDR's facts on the transitions that bring new ones (<c>new</c> and <c>revised</c>), so that a follower
/// never has to ask for them.
/// </summary>
public sealed record CdrClearingStatusChanged(
    string CdrId,
    string EvseId,
    string OperatorId,
    string? ProviderId,
    string Status,
    string Actor,
    string? Reason,
    Instant At,
    CdrForClearing? Cdr = null);
