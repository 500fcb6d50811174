using NodaTime;

namespace Roaming.Settlement.Disputes;

// A dispute's stream (key = the dispute id, dispute:{uuid}). Opening it also holds the CDR in its ledger stream, resolving
// it releases or withdraws the CDR there, in the same commit.

/// <param name="StatementId">Set when raised on a statement line (<paramref name="LineNumber"/>).</param>
/// <param name="Evidence">As given, or the CDR's signed meter data.</param>
public sealed record DisputeOpened(string DisputeId, string OperatorId, string ProviderId, string CdrId, string? StatementId, int? LineNumber, string Reason,
    string? Evidence, string Actor, Instant At);

/// <param name="Outcome"><c>accepted</c> (the CDR stands) or <c>rejected</c> (the claim is dropped).</param>
public sealed record DisputeResolved(string DisputeId, string Outcome, string? Note, string Actor, Instant At);
