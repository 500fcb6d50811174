using NodaTime;

namespace Roaming.Settlement.Statements;

/// <summary>
/// A period of an agreement was closed and its statement issued (stream <c>statement:{id}</c>, the first and only event):
/// the statement with every line. It is the statement's audit record; each billed CDR's ledger stream also gets its
/// <see cref="Ledger.CdrBilled"/>, written in the same transaction (see <see cref="Closing.LedgerBilling"/>).
/// </summary>
public sealed record StatementClosed(Statement Statement, Instant At);

/// <summary>The last number an issuer used (id = the issuer's Operator- or Provider-ID), advanced in the transaction that issues the statement.</summary>
public sealed class IssuerSequence
{
    public string Id { get; set; } = "";
    public long LastNumber { get; set; }
}
