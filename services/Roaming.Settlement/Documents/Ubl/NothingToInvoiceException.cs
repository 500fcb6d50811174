namespace Roaming.Settlement.Documents.Ubl;

/// <summary>
/// A statement without lines cannot be an EN 16931 invoice (BR-16: at least one invoice line), so it has no UBL
/// document. The export endpoint answers 409 with problem details; the CSV, JSON and PDF of the statement still exist.
/// </summary>
public sealed class NothingToInvoiceException(string statementId)
    : InvalidOperationException($"statement {statementId} has no lines: nothing to invoice (EN 16931 BR-16 needs at least one invoice line)")
{
    public string StatementId { get; } = statementId;
}
