using NodaTime;

namespace Roaming.Settlement.Ledger;

/// <summary>
/// A CDR's place in settlement (projected inline from its ledger stream; id = the stream key). What a period close
/// needs: whose agreement it belongs to, what it is worth now (<see cref="Facts"/>, zero once withdrawn), whether it may
/// be billed, and what statements have billed of it so far.
/// </summary>
public sealed class LedgerCdr
{
    public string Id { get; set; } = "";
    public string OperatorId { get; set; } = "";
    public string ProviderId { get; set; } = "";
    public string CdrId { get; set; } = "";
    public string Source { get; set; } = "";
    public SettledCdrFacts Facts { get; set; } = null!;
    /// <summary><see cref="LedgerStates"/>.</summary>
    public string State { get; set; } = LedgerStates.Pending;
    public string? HoldReason { get; set; }
    /// <summary>Session start (UTC), indexed: a close takes the CDRs that started before the period's end.</summary>
    public Instant SessionStart { get; set; }
    /// <summary><see cref="SessionStart"/> as Marten's LINQ can compare it (it orders NodaTime values, but does not compare them); indexed.</summary>
    public DateTimeOffset SessionStartUtc => SessionStart.ToDateTimeOffset();
    /// <summary>Net amount billed so far over all statements (sum of its lines).</summary>
    public decimal BilledExclVat { get; set; }
    /// <summary>The statement that billed it first (corrections reference it).</summary>
    public string? FirstStatementId { get; set; }
    public string? FirstInvoiceNumber { get; set; }
    public bool EverBilled { get; set; }
    public Instant ChangedAt { get; set; }
}
