using NodaTime;
using Roaming.Contracts.Clearing.V1;

namespace Roaming.Clearing.Cdrs;

/// <summary>Who a CDR concerns, on every transition event (what <c>CdrClearingStatusChanged</c> says); ids canonical, null when unreadable.</summary>
public sealed record CdrParties(string CdrId, string EvseId, string? OperatorId, string? ProviderId, string UploaderParticipantId);

/// <summary>One plausibility rule's verdict in a check.</summary>
public sealed record RuleOutcome(string Rule, bool Passed, string? Reason);

/// <summary>
/// The uploader asked for a transition: <c>new</c>, or a re-upload as <c>revised</c> or <c>rejected</c> (in
/// <see cref="CdrForClearing.Status"/>), with the neutral facts and the document as received.
/// </summary>
public sealed record CdrUploaded(string Key, CdrParties Parties, CdrForClearing Cdr, int PositionInBatch, Instant At);

public sealed record CdrAccepted(string Key, CdrParties Parties, IReadOnlyList<RuleOutcome> Checks, Instant At);

/// <summary>A plausibility rule failed (the first in the fixed order); the CDR does not reach the provider.</summary>
public sealed record CdrFoundImplausible(string Key, CdrParties Parties, string Rule, string Reason, IReadOnlyList<RuleOutcome> Checks, Instant At);

public sealed record CdrApproved(string Key, CdrParties Parties, Instant At);

public sealed record CdrDeclined(string Key, CdrParties Parties, string? Reason, Instant At);

/// <summary>The uploader revised a declined (or not yet confirmed) CDR: back to the provider, with the revised facts
/// (<paramref name="Cdr"/>; absent on events stored before it was recorded here, whose facts are on the preceding upload).</summary>
public sealed record CdrRevised(string Key, CdrParties Parties, IReadOnlyList<RuleOutcome> Checks, Instant At, CdrForClearing? Cdr = null);

/// <summary>The uploader gave up the claim: final.</summary>
public sealed record CdrRejected(string Key, CdrParties Parties, Instant At);
