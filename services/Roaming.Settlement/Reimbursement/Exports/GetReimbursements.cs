using CsvHelper;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Roaming.Contracts.Validation;
using Roaming.Platform.Validation;
using Roaming.Settlement.Reimbursement.Closing;
using Roaming.Settlement.Reimbursement.Employers;
using Roaming.Settlement.Reimbursement.Exports.Pdf;

namespace Roaming.Settlement.Reimbursement.Exports;


/// <summary>
/// The reimbursement exports: an employer's statements of a month (JSON list), one statement (JSON with every line, rate
/// source and signed meter data), the payroll CSV of a month and the PDF of one statement.
/// </summary>
public static class GetReimbursements
{
    public static readonly IReadOnlyList<string> PayrollHeader = ["employee_number", "period", "kwh", "amount", "currency"];

    /// <summary>
    /// One row per employee: what payroll pays for the month (disputed and rejected lines left out). Invariant culture,
    /// amounts to the currency's minor unit, employee numbers that look like formulas escaped (CsvHelper).
    /// </summary>
    public static void WritePayroll(IEnumerable<ReimbursementStatement> statements, Stream output)
    {
        using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(PayrollHeader.ToArray());
        foreach (var statement in statements)
        {
            csv.WriteField(statement.EmployeeNumber);
            csv.WriteField(statement.Period);
            csv.WriteField(statement.PayableEnergyKwh(), "0.######");
            csv.WriteField(statement.PayableAmount(), SettlementMoney.Format(statement.Currency));
            csv.WriteField(statement.Currency);
            csv.EndRecord();
        }
    }

    public static void MapGetReimbursements(this IEndpointRouteBuilder api)
    {
        api.MapGet("/settlement/employers/{employer_id}/reimbursements", async ([FromRoute(Name = "employer_id")] string employerId, string? period,
                ISettlementStore store, CancellationToken cancellation) =>
            {
                if (await Month(store, employerId, period, cancellation) is { } refused)
                    return refused;
                var statements = await Statements(store, employerId, period!, cancellation);
                return Results.Ok(statements.Select(ReimbursementSummaryView.Of).ToList());
            })
            .WithName("GetReimbursements").WithSummary("An employer's reimbursement statements of a month.");

        api.MapGet("/settlement/employers/{employer_id}/payroll", async ([FromRoute(Name = "employer_id")] string employerId, string? period,
                ISettlementStore store, CancellationToken cancellation) =>
            {
                if (await Month(store, employerId, period, cancellation) is { } refused)
                    return refused;
                var statements = await Statements(store, employerId, period!, cancellation);
                var csv = new MemoryStream();
                WritePayroll(statements, csv);
                return Results.File(csv.ToArray(), "text/csv; charset=utf-8", $"payroll-{employerId}-{period}.csv");
            })
            .WithName("GetPayroll").WithSummary("The payroll CSV of an employer's month: employee_number, period, kwh, amount, currency.");

        api.MapGet("/settlement/reimbursements/{id}", async (string id, ISettlementStore store, CancellationToken cancellation) =>
                await Load(store, id, cancellation) is { } statement
                    ? Results.Ok(ReimbursementView.Of(statement))
                    : ReimbursementProblems.NotFound($"reimbursement statement {id} does not exist"))
            .WithName("GetReimbursement").WithSummary("One reimbursement statement with its lines, rate sources and signed meter data.");

        api.MapGet("/settlement/reimbursements/{id}/pdf", async (string id, ISettlementStore store, CancellationToken cancellation) =>
            {
                if (await Load(store, id, cancellation) is not { } statement)
                    return ReimbursementProblems.NotFound($"reimbursement statement {id} does not exist");
                var pdf = new MemoryStream();
                ReimbursementPdf.Write(statement, pdf);
                pdf.Position = 0;
                return Results.File(pdf, "application/pdf", $"reimbursement-{statement.EmployeeNumber}-{statement.Period}.pdf");
            })
            .WithName("GetReimbursementPdf").WithSummary("The PDF of one reimbursement statement, for the employee.");
    }

    /// <summary>A 400 for a malformed period, a 404 for an unknown employer; null when both are fine.</summary>
    private static async Task<IResult?> Month(ISettlementStore store, string employerId, string? period, CancellationToken cancellation)
    {
        if (!ReimbursementPeriod.TryParse(period, out _))
            return new FieldErrors().Add("period", "must be a month, e.g. 2026-11").ToProblem();
        await using var session = store.QuerySession();
        return await session.LoadAsync<Employer>(Employer.KeyOf(employerId), cancellation) is null
            ? ReimbursementProblems.NotFound($"employer {employerId} is not registered")
            : null;
    }

    private static async Task<IReadOnlyList<ReimbursementStatement>> Statements(ISettlementStore store, string employerId, string period, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var statements = await session.Query<ReimbursementStatement>().Where(s => s.EmployerId == employerId && s.Period == period).ToListAsync(cancellation);
        return statements.OrderBy(s => s.EmployeeNumber, StringComparer.Ordinal).ToList();
    }

    private static async Task<ReimbursementStatement?> Load(ISettlementStore store, string id, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ReimbursementStatement>(id, cancellation);
    }
}
