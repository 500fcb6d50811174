using System.Text.Json.Serialization;
using NodaTime;

namespace Roaming.Settlement.Reimbursement.Exports;

/// <summary>A reimbursement statement on the operator API: every line with its rate source and signed meter data, totals and what payroll pays.</summary>
public sealed record ReimbursementView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("employer_id")] string EmployerId,
    [property: JsonPropertyName("employer_name")] string EmployerName,
    [property: JsonPropertyName("employee_id")] string EmployeeId,
    [property: JsonPropertyName("employee_number")] string EmployeeNumber,
    [property: JsonPropertyName("employee_name")] string EmployeeName,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("time_zone")] string TimeZone,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("lines")] IReadOnlyList<ReimbursementLineView> Lines,
    [property: JsonPropertyName("total_energy_kwh")] decimal TotalEnergyKwh,
    [property: JsonPropertyName("total_amount")] decimal TotalAmount,
    [property: JsonPropertyName("payable_energy_kwh")] decimal PayableEnergyKwh,
    [property: JsonPropertyName("payable_amount")] decimal PayableAmount,
    [property: JsonPropertyName("issued_at")] Instant IssuedAt)
{
    public static ReimbursementView Of(ReimbursementStatement s) => new(s.Id, s.EmployerId, s.EmployerName, s.EmployeeId, s.EmployeeNumber, s.EmployeeName,
        s.Period, s.TimeZone, s.Currency, s.Lines.Select(ReimbursementLineView.Of).ToList(), s.TotalEnergyKwh, s.TotalAmount, s.PayableEnergyKwh(),
        s.PayableAmount(), s.IssuedAt);
}

public sealed record ReimbursementLineView(
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("meter_id")] string MeterId,
    [property: JsonPropertyName("start")] string Start,
    [property: JsonPropertyName("end")] string End,
    [property: JsonPropertyName("energy_kwh")] decimal EnergyKwh,
    [property: JsonPropertyName("rate_source")] string RateSource,
    [property: JsonPropertyName("rate_per_kwh")] decimal RatePerKwh,
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("signed_meter_data")] string? SignedMeterData,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("dispute_reason")] string? DisputeReason)
{
    /// <summary>Local times (the employer's zone) as ISO text without offset: what the employee's meter display showed.</summary>
    public static ReimbursementLineView Of(ReimbursementLine l) => new(l.LineNumber, l.Source, l.Reference, l.MeterId,
        NodaTime.Text.LocalDateTimePattern.GeneralIso.Format(l.Start), NodaTime.Text.LocalDateTimePattern.GeneralIso.Format(l.End), l.EnergyKwh, l.RateSource,
        l.RatePerKwh, l.Amount, l.SignedMeterData, l.Status, l.DisputeReason);
}

/// <summary>A statement in the list of an employer's month.</summary>
public sealed record ReimbursementSummaryView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("employee_id")] string EmployeeId,
    [property: JsonPropertyName("employee_number")] string EmployeeNumber,
    [property: JsonPropertyName("employee_name")] string EmployeeName,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("lines")] int Lines,
    [property: JsonPropertyName("total_energy_kwh")] decimal TotalEnergyKwh,
    [property: JsonPropertyName("total_amount")] decimal TotalAmount,
    [property: JsonPropertyName("payable_amount")] decimal PayableAmount)
{
    public static ReimbursementSummaryView Of(ReimbursementStatement s) => new(s.Id, s.EmployeeId, s.EmployeeNumber, s.EmployeeName, s.Period, s.Currency,
        s.Lines.Count, s.TotalEnergyKwh, s.TotalAmount, s.PayableAmount());
}
