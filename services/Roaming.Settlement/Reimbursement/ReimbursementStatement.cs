using NodaTime;

namespace Roaming.Settlement.Reimbursement;

/// <summary>
/// An employee's monthly reimbursement statement for home charging (and, when the employer asks for it, the roaming
/// CDRs of the employee's company token): what the payroll export and the per-employee PDF render. Each line is priced
/// at the employee's reimbursement rate and keeps the rate's source; amounts are rounded once per line, totals are the
/// exact sums. Reimbursements are expense refunds, so there is no VAT on them.
/// </summary>
/// <param name="Id">Stable id, e.g. <c>{employer}:{employee}:2026-11</c>.</param>
/// <param name="Period">The month, e.g. <c>2026-11</c>.</param>
public sealed record ReimbursementStatement(
    string Id,
    string EmployerId,
    string EmployerName,
    string EmployeeId,
    string EmployeeNumber,
    string EmployeeName,
    string Period,
    string TimeZone,
    string Currency,
    IReadOnlyList<ReimbursementLine> Lines,
    decimal TotalEnergyKwh,
    decimal TotalAmount,
    Instant IssuedAt)
{
    /// <summary>The lines the payroll pays now: all but those disputed (until resolved) and those rejected.</summary>
    public IEnumerable<ReimbursementLine> PayableLines() => Lines.Where(line => ReimbursementLineStatuses.IsPayable(line.Status));

    public decimal PayableEnergyKwh() => PayableLines().Sum(line => line.EnergyKwh);

    /// <summary>The exact sum of the payable lines' amounts.</summary>
    public decimal PayableAmount() => PayableLines().Sum(line => line.Amount);

    public ReimbursementStatement WithLine(int lineNumber, Func<ReimbursementLine, ReimbursementLine> change) =>
        this with { Lines = Lines.Select(line => line.LineNumber == lineNumber ? change(line) : line).ToList() };

    public static string IdOf(string employerId, string employeeId, string period) => $"{employerId}:{employeeId}:{period}";
}

/// <param name="Source"><c>home_charger</c> (an OCPP charger), <c>mid_meter</c> (posted readings) or <c>roaming_cdr</c>.</param>
/// <param name="Reference">Transaction id, reading id or CDR id.</param>
/// <param name="RateSource">Where the rate came from, e.g. <c>tariff:DE*HOM*T1 (energy contract)</c> or <c>employer rate DE 2026</c>.</param>
/// <param name="RatePerKwh">The average rate applied (for time-of-use tariffs the amount divided by the energy).</param>
/// <param name="SignedMeterData">The meter's signed readings (OCMF or OCPP signed meter values) as evidence, when present.</param>
/// <param name="Status"><see cref="ReimbursementLineStatuses"/>: <c>open</c>, <c>confirmed</c> or <c>disputed</c> by the employee, a dispute
/// <c>accepted</c> or <c>rejected</c> by the employer.</param>
/// <param name="DisputeReason">The employee's reason, when disputed.</param>
public sealed record ReimbursementLine(
    int LineNumber,
    string Source,
    string Reference,
    string MeterId,
    LocalDateTime Start,
    LocalDateTime End,
    decimal EnergyKwh,
    string RateSource,
    decimal RatePerKwh,
    decimal Amount,
    string? SignedMeterData,
    string Status,
    string? DisputeReason = null);
