using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Platform.Http;
using Roaming.Settlement.Payments;

namespace Roaming.Settlement.Statements.Getting;

/// <summary>
/// <c>GET /api/settlement/statements?operator_id=&amp;provider_id=&amp;period=&amp;offset=&amp;limit=</c> (summaries without
/// lines, newest period first, paged with <c>X-Total-Count</c>) and <c>GET /api/settlement/statements/{id}</c>.
/// </summary>
public static class GetStatements
{
    public static void MapGetStatements(this IEndpointRouteBuilder api)
    {
        api.MapGet("/settlement/statements", async Task<Ok<List<StatementSummaryView>>> (ISettlementStore store, IClock clock,
            [Microsoft.AspNetCore.Mvc.FromQuery(Name = "operator_id")] string? operatorId, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "provider_id")] string? providerId,
            string? period, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            IQueryable<Statement> query = session.Query<Statement>();
            if (operatorId is not null)
                query = query.Where(s => s.OperatorId == operatorId);
            if (providerId is not null)
                query = query.Where(s => s.ProviderId == providerId);
            if (period is not null)
                query = query.Where(s => s.Period == period);
            // Summaries only: a month's statement can carry 10,000 lines.
            var page = await query.OrderByDescending(s => s.PeriodStart).ThenBy(s => s.Id)
                .Select(s => new StatementSummaryRow(s.Id, s.Number, s.InvoiceNumber, s.OperatorId, s.ProviderId, s.IssuerId, s.Billing, s.Period,
                    s.PeriodStart, s.PeriodEnd, s.TimeZone, s.Currency, s.IssueDate, s.DueDate, s.Totals, s.LineCount))
                .ToPageAsync(offset, limit, response, cancellation);
            var ids = page.Select(s => s.Id).ToArray();
            var payments = (await session.LoadManyAsync<StatementPayments>(cancellation, ids)).ToDictionary(p => p.Id);
            var now = clock.GetCurrentInstant();
            return TypedResults.Ok(page.Select(s => s.ToView(payments.GetValueOrDefault(s.Id), now)).ToList());
        }).WithName("GetSettlementStatements");

        api.MapGet("/settlement/statements/{id}", async Task<Results<Ok<StatementView>, ProblemHttpResult>> (string id, ISettlementStore store, IClock clock,
            CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            return await Load(session, id, clock, cancellation) is { } view
                ? TypedResults.Ok(view)
                : NotFound(id);
        }).WithName("GetSettlementStatement");
    }

    internal static async Task<StatementView?> Load(IQuerySession session, string id, IClock clock, CancellationToken cancellation) =>
        await session.LoadAsync<Statement>(id, cancellation) is { } statement
            ? StatementView.Of(statement, await session.LoadAsync<StatementPayments>(id, cancellation), clock.GetCurrentInstant())
            : null;

    internal static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"no statement {id}", statusCode: StatusCodes.Status404NotFound, title: "Unknown statement");

    /// <summary>What the list reads of a statement (its lines stay in the database).</summary>
    public sealed record StatementSummaryRow(string Id, long Number, string InvoiceNumber, string OperatorId, string ProviderId, string IssuerId,
        string Billing, string Period, LocalDate PeriodStart, LocalDate PeriodEnd, string TimeZone, string Currency, LocalDate IssueDate, LocalDate DueDate,
        StatementTotals Totals, int LineCount)
    {
        public StatementSummaryView ToView(StatementPayments? payments, Instant now) => new(Id, Number, InvoiceNumber, OperatorId, ProviderId, IssuerId,
            Billing, Period, PeriodStart, PeriodEnd, Currency, IssueDate, DueDate, LineCount, TotalsView.Of(Totals),
            new PaymentView(PaymentState.StatusOn(Totals, DueDate, TimeZone, payments, now), payments?.PaidAmount ?? 0m, DueDate));
    }
}
