using NodaTime;

namespace Roaming.Settlement.Statements;

/// <summary>
/// An issued settlement statement of one agreement (CPO ↔ e-MSP), currency and period: what the exports (CSV, JSON,
/// PDF, UBL) render and what the API returns. Immutable once issued: corrections land on a later statement and
/// reference this one. Every amount is in <see cref="Currency"/>; each line is rounded once (to the currency's minor
/// unit, half away from zero, as the tariff engine rounds) and every total is the exact sum of its lines.
/// </summary>
/// <param name="Id">Stable id, e.g. <c>DE*CPO:DE*MSP:2026-11</c> (one statement per agreement, currency and period).</param>
/// <param name="Number">Gap-free sequence number per issuer, starting at 1.</param>
/// <param name="InvoiceNumber">What is printed and sent (UBL <c>cbc:ID</c>), derived from the issuer and <see cref="Number"/>.</param>
/// <param name="IssuerId">Operator-ID when the CPO invoices the e-MSP, Provider-ID when the e-MSP self-bills.</param>
/// <param name="Billing"><c>cpo_invoices_emsp</c> or <c>emsp_self_bills</c> (<see cref="Roaming.Contracts.Settlement.V1.BillingDirections"/>).</param>
/// <param name="Period">The period's name: <c>2026-11</c> (monthly) or <c>2026-W47</c> (weekly, ISO week).</param>
/// <param name="PeriodStart">First local day of the period (in <see cref="TimeZone"/>).</param>
/// <param name="PeriodEnd">First local day after the period.</param>
/// <param name="Seller">The party that supplies the charging (the CPO), as the agreement names it.</param>
/// <param name="Buyer">The party that buys it (the e-MSP).</param>
public sealed record Statement(
    string Id,
    long Number,
    string InvoiceNumber,
    string OperatorId,
    string ProviderId,
    string IssuerId,
    string Billing,
    string Period,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    string TimeZone,
    string Currency,
    PartyDetails Seller,
    PartyDetails Buyer,
    LocalDate IssueDate,
    LocalDate DueDate,
    IReadOnlyList<StatementLine> Lines,
    IReadOnlyList<VatBreakdown> VatBreakdown,
    StatementTotals Totals,
    IReadOnlyList<StatementDisputeNote> Disputes,
    Instant IssuedAt,
    string IssuedBy)
{
    /// <summary>Net-negative statements (only corrections and credits) are sent as a credit note.</summary>
    public bool IsCreditNote => Totals.InclVat < 0;

    /// <summary>Stored with the document, so a list of statements can show it without reading every line.</summary>
    public int LineCount => Lines.Count;
}

/// <summary>Name, postal address and VAT id of a party, as the agreement states them.</summary>
public sealed record PartyDetails(string Name, string Address, string? VatId, string? CountryCode = null);

/// <summary>
/// One line per CDR, or a correction of a CDR billed on an earlier statement (<see cref="Kind"/> <c>correction</c>, the
/// difference only, referencing the original statement), or a credit CDR (<c>credit</c>, negative).
/// </summary>
/// <param name="LineNumber">1-based position on the statement.</param>
/// <param name="Kind"><see cref="StatementLineKinds"/>.</param>
/// <param name="SessionStart">Session start in the agreement's time zone.</param>
/// <param name="CountryOfSupply">ISO 3166 alpha-2 code of the country where the energy was supplied (selects the VAT rate).</param>
/// <param name="VatRate">Percent, e.g. 19 for 19 %.</param>
/// <param name="CorrectsStatementId">For corrections: the statement that billed the CDR first.</param>
/// <param name="Note">Why a correction or credit happened (revised, rejected, dispute outcome), shown on the documents.</param>
public sealed record StatementLine(
    int LineNumber,
    string Kind,
    string CdrId,
    LocalDateTime SessionStart,
    string? LocationId,
    string? EvseId,
    string CountryOfSupply,
    decimal EnergyKwh,
    Duration ChargingTime,
    Duration ParkingTime,
    decimal AmountExclVat,
    decimal VatRate,
    decimal VatAmount,
    decimal AmountInclVat,
    string? CorrectsStatementId,
    string? CorrectsInvoiceNumber,
    string? Note);

public static class StatementLineKinds
{
    public const string Charge = "charge";
    public const string Correction = "correction";
    public const string Credit = "credit";
}

/// <summary>Totals per VAT rate (and country of supply): the exact sums of the lines with that rate.</summary>
public sealed record VatBreakdown(string CountryOfSupply, decimal VatRate, decimal TaxableAmount, decimal VatAmount, decimal AmountInclVat);

/// <summary>The exact sums of all lines.</summary>
public sealed record StatementTotals(decimal ExclVat, decimal Vat, decimal InclVat);

/// <summary>A dispute opened or resolved since the previous statement of the agreement, printed on this one.</summary>
public sealed record StatementDisputeNote(string DisputeId, string CdrId, string Status, string Reason, string? Outcome);
