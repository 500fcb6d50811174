using NodaTime;

namespace Roaming.Contracts.Settlement.V1;

/// <summary>
/// A settlement statement was issued (a period of a CPO↔e-MSP agreement was closed). Published once per statement; the
/// OCPI adapter turns it into the invoice reconciliation record (OCPI 2.3.0 <c>invoicereconciliation</c>) for the party
/// that did not issue it. <paramref name="IssuerId"/> is the Operator-ID (<c>cpo_invoices_emsp</c>) or the Provider-ID
/// (<c>emsp_self_bills</c>) in canonical form (<c>DE*ABC</c>); <paramref name="InvoiceNumber"/> is the number printed on
/// the invoice; <paramref name="CdrIds"/> lists every CDR the statement bills or corrects (each once).
/// </summary>
public sealed record StatementIssued(
    string StatementId,
    string InvoiceNumber,
    string OperatorId,
    string ProviderId,
    string IssuerId,
    string Billing,
    string Period,
    string Currency,
    decimal TotalExclVat,
    decimal TotalInclVat,
    IReadOnlyList<string> CdrIds,
    Instant IssuedAt);

public static class BillingDirections
{
    /// <summary>The CPO invoices the e-MSP (direct billing).</summary>
    public const string CpoInvoicesEmsp = "cpo_invoices_emsp";
    /// <summary>The e-MSP issues a self-billed invoice on the CPO's behalf (reverse billing).</summary>
    public const string EmspSelfBills = "emsp_self_bills";
}
