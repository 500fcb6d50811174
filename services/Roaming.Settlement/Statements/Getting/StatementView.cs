using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Settlement.Payments;

namespace Roaming.Settlement.Statements.Getting;

/// <summary>A statement on the operator API (and its <c>json</c> export), snake_case; times in lines are local to the agreement's zone.</summary>
public sealed record StatementView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("number")] long Number,
    [property: JsonPropertyName("invoice_number")] string InvoiceNumber,
    [property: JsonPropertyName("operator_id")] string OperatorId,
    [property: JsonPropertyName("provider_id")] string ProviderId,
    [property: JsonPropertyName("issuer_id")] string IssuerId,
    [property: JsonPropertyName("billing")] string Billing,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("period_start")] LocalDate PeriodStart,
    [property: JsonPropertyName("period_end")] LocalDate PeriodEnd,
    [property: JsonPropertyName("time_zone")] string TimeZone,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("credit_note")] bool CreditNote,
    [property: JsonPropertyName("seller")] PartyView Seller,
    [property: JsonPropertyName("buyer")] PartyView Buyer,
    [property: JsonPropertyName("issue_date")] LocalDate IssueDate,
    [property: JsonPropertyName("due_date")] LocalDate DueDate,
    [property: JsonPropertyName("lines")] IReadOnlyList<LineView> Lines,
    [property: JsonPropertyName("vat_breakdown")] IReadOnlyList<VatBreakdownView> VatBreakdown,
    [property: JsonPropertyName("totals")] TotalsView Totals,
    [property: JsonPropertyName("disputes")] IReadOnlyList<DisputeNoteView> Disputes,
    [property: JsonPropertyName("payment")] PaymentView Payment,
    [property: JsonPropertyName("issued_at")] Instant IssuedAt,
    [property: JsonPropertyName("issued_by")] string IssuedBy)
{
    public static StatementView Of(Statement s, StatementPayments? payments, Instant now) => new(s.Id, s.Number, s.InvoiceNumber, s.OperatorId,
        s.ProviderId, s.IssuerId, s.Billing, s.Period, s.PeriodStart, s.PeriodEnd, s.TimeZone, s.Currency, s.IsCreditNote, PartyView.Of(s.Seller),
        PartyView.Of(s.Buyer), s.IssueDate, s.DueDate, [.. s.Lines.Select(LineView.Of)], [.. s.VatBreakdown.Select(VatBreakdownView.Of)],
        TotalsView.Of(s.Totals), [.. s.Disputes.Select(DisputeNoteView.Of)], PaymentView.Of(s, payments, now), s.IssuedAt, s.IssuedBy);
}

/// <summary>A statement in the list: everything but its lines and disputes.</summary>
public sealed record StatementSummaryView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("number")] long Number,
    [property: JsonPropertyName("invoice_number")] string InvoiceNumber,
    [property: JsonPropertyName("operator_id")] string OperatorId,
    [property: JsonPropertyName("provider_id")] string ProviderId,
    [property: JsonPropertyName("issuer_id")] string IssuerId,
    [property: JsonPropertyName("billing")] string Billing,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("period_start")] LocalDate PeriodStart,
    [property: JsonPropertyName("period_end")] LocalDate PeriodEnd,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("issue_date")] LocalDate IssueDate,
    [property: JsonPropertyName("due_date")] LocalDate DueDate,
    [property: JsonPropertyName("line_count")] int LineCount,
    [property: JsonPropertyName("totals")] TotalsView Totals,
    [property: JsonPropertyName("payment")] PaymentView Payment)
{
    public static StatementSummaryView Of(Statement s, StatementPayments? payments, Instant now) => new(s.Id, s.Number, s.InvoiceNumber, s.OperatorId,
        s.ProviderId, s.IssuerId, s.Billing, s.Period, s.PeriodStart, s.PeriodEnd, s.Currency, s.IssueDate, s.DueDate, s.Lines.Count,
        TotalsView.Of(s.Totals), PaymentView.Of(s, payments, now));
}

public sealed record PartyView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("vat_id")] string? VatId,
    [property: JsonPropertyName("country_code")] string? CountryCode)
{
    public static PartyView Of(PartyDetails party) => new(party.Name, party.Address, party.VatId, party.CountryCode);
}

/// <param name="ChargingTime">Hours, as OCPI's <c>total_time</c>.</param>
public sealed record LineView(
    [property: JsonPropertyName("line_number")] int LineNumber,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("cdr_id")] string CdrId,
    [property: JsonPropertyName("session_start")] LocalDateTime SessionStart,
    [property: JsonPropertyName("location_id")] string? LocationId,
    [property: JsonPropertyName("evse_id")] string? EvseId,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("energy_kwh")] decimal EnergyKwh,
    [property: JsonPropertyName("charging_time")] decimal ChargingTime,
    [property: JsonPropertyName("parking_time")] decimal ParkingTime,
    [property: JsonPropertyName("amount_excl_vat")] decimal AmountExclVat,
    [property: JsonPropertyName("vat_rate")] decimal VatRate,
    [property: JsonPropertyName("vat_amount")] decimal VatAmount,
    [property: JsonPropertyName("amount_incl_vat")] decimal AmountInclVat,
    [property: JsonPropertyName("corrects_statement_id")] string? CorrectsStatementId,
    [property: JsonPropertyName("corrects_invoice_number")] string? CorrectsInvoiceNumber,
    [property: JsonPropertyName("note")] string? Note)
{
    public static LineView Of(StatementLine l) => new(l.LineNumber, l.Kind, l.CdrId, l.SessionStart, l.LocationId, l.EvseId, l.CountryOfSupply,
        l.EnergyKwh, Hours(l.ChargingTime), Hours(l.ParkingTime), l.AmountExclVat, l.VatRate, l.VatAmount, l.AmountInclVat, l.CorrectsStatementId,
        l.CorrectsInvoiceNumber, l.Note);

    private static decimal Hours(Duration duration) => decimal.Round((decimal)duration.TotalSeconds / 3600m, 4, MidpointRounding.AwayFromZero);
}

public sealed record VatBreakdownView(
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("vat_rate")] decimal VatRate,
    [property: JsonPropertyName("taxable_amount")] decimal TaxableAmount,
    [property: JsonPropertyName("vat_amount")] decimal VatAmount,
    [property: JsonPropertyName("amount_incl_vat")] decimal AmountInclVat)
{
    public static VatBreakdownView Of(VatBreakdown b) => new(b.CountryOfSupply, b.VatRate, b.TaxableAmount, b.VatAmount, b.AmountInclVat);
}

public sealed record TotalsView(
    [property: JsonPropertyName("excl_vat")] decimal ExclVat,
    [property: JsonPropertyName("vat")] decimal Vat,
    [property: JsonPropertyName("incl_vat")] decimal InclVat)
{
    public static TotalsView Of(StatementTotals t) => new(t.ExclVat, t.Vat, t.InclVat);
}

public sealed record DisputeNoteView(
    [property: JsonPropertyName("dispute_id")] string DisputeId,
    [property: JsonPropertyName("cdr_id")] string CdrId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("outcome")] string? Outcome)
{
    public static DisputeNoteView Of(StatementDisputeNote d) => new(d.DisputeId, d.CdrId, d.Status, d.Reason, d.Outcome);
}

/// <param name="Status">posted, partially_paid, paid, or overdue (not paid and past the due date in the agreement's zone).</param>
public sealed record PaymentView(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("paid_amount")] decimal PaidAmount,
    [property: JsonPropertyName("due_date")] LocalDate DueDate)
{
    public static PaymentView Of(Statement statement, StatementPayments? payments, Instant now) =>
        new(PaymentState.StatusOn(statement, payments, now), payments?.PaidAmount ?? 0m, statement.DueDate);
}
