using NodaTime;

namespace Roaming.Settlement.Disputes;

/// <summary>
/// A statement printed the dispute in its current <paramref name="Status"/> (appended to the dispute's stream by the
/// period close), so that each state of a dispute shows on exactly one statement: the one after it was opened, and the
/// one after it was resolved.
/// </summary>
public sealed record DisputeReportedOnStatement(string DisputeId, string StatementId, string Status, Instant At);
