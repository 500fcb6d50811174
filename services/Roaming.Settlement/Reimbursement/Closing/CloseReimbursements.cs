using System.Text.Json.Serialization;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Settlement.Reimbursement.Employees;
using Roaming.Settlement.Reimbursement.Employers;
using Roaming.Settlement.Reimbursement.Pricing;
using Roaming.Settlement.Reimbursement.Sessions;

namespace Roaming.Settlement.Reimbursement.Closing;

public sealed record CloseBody([property: JsonPropertyName("period")] string? Period);

public sealed record ClosedView(
    [property: JsonPropertyName("employer_id")] string EmployerId,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("statements")] IReadOnlyList<string> StatementIds);

/// <summary>
/// Closes an employer's month: one <see cref="ReimbursementStatement"/> per employee with every complete session that
/// started in the month (local time, employer's zone), priced at the employee's rate. By <c>POST
/// /api/settlement/employers/{employer_id}/reimbursements/close</c> and by <see cref="ReimbursementCloseJob"/> once the month
/// has ended. A month closes once: the close stream's creation is the lock.
/// </summary>
public static class CloseReimbursements
{
    public abstract record Outcome;
    public sealed record Closed(IReadOnlyList<ReimbursementStatement> Statements) : Outcome;
    public sealed record Refused(int Status, string Detail) : Outcome;

    /// <summary>The statement of one employee (pure): lines in order of start, each priced and rounded once, totals the exact sums; or why it cannot be priced.</summary>
    public static (ReimbursementStatement? Statement, string? Missing) Build(Employer employer, Employee employee, YearMonth month,
        IEnumerable<HomeSession> sessions, Instant now)
    {
        var period = ReimbursementPeriod.Name(month);
        var zone = employer.Zone;
        var lines = new List<ReimbursementLine>();
        foreach (var session in sessions.Where(s => s.Complete).OrderBy(s => s.Start).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            PricedHomeSession priced;
            if (session.Source == HomeSessionSources.RoamingCdr)
            {
                // The company token's CDRs count only when the employer asks for them, and never in another currency.
                if (!employer.IncludeRoamingCdrs || session.CdrCurrency != employer.Currency)
                    continue;
                priced = HomeSessionPricing.AtCdrCost(session);
            }
            else if (employee.Tariff is { } tariff)
            {
                try
                {
                    priced = HomeSessionPricing.AtTariff(session.EnergyKwh, tariff, zone, HomeSessionPricing.UsageOf(session));
                }
                catch (ArgumentException exception)
                {
                    // The engine refuses inconsistent usage; the month waits for the operator rather than paying a guess.
                    return (null, $"session {session.Reference} of employee {employee.EmployeeId} cannot be priced with tariff {tariff.Id}: {exception.Message}");
                }
            }
            else
            {
                var year = session.Start.InZone(zone).Year;
                if (employer.RateFor(employee.Country, year) is not { } rate)
                    return (null, $"employer {employer.EmployerId} has no reimbursement rate for {employee.Country} {year} (employee {employee.EmployeeId})");
                priced = HomeSessionPricing.AtEmployerRate(session.EnergyKwh, rate, employer.Currency);
            }
            lines.Add(new ReimbursementLine(lines.Count + 1, session.Source, session.Reference, session.MeterId, session.Start.InZone(zone).LocalDateTime,
                session.End!.Value.InZone(zone).LocalDateTime, priced.EnergyKwh, priced.RateSource, priced.RatePerKwh, priced.Amount,
                session.SignedData.Count == 0 ? null : string.Join('\n', session.SignedData), ReimbursementLineStatuses.Open));
        }
        return (new ReimbursementStatement(ReimbursementStatement.IdOf(employer.EmployerId, employee.EmployeeId, period), employer.EmployerId, employer.Name,
            employee.EmployeeId, employee.EmployeeNumber, employee.Name, period, employer.TimeZone, employer.Currency, lines, lines.Sum(l => l.EnergyKwh),
            lines.Sum(l => l.Amount), now), null);
    }

    public static async Task<Outcome> Close(ISettlementStore store, string employerId, YearMonth month, EventContext context, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession().Stamp(context);
        if (await session.LoadAsync<Employer>(Employer.KeyOf(employerId), cancellation) is not { } employer)
            return new Refused(StatusCodes.Status404NotFound, $"employer {employerId} is not registered");
        var period = ReimbursementPeriod.Name(month);
        if (!ReimbursementPeriod.HasEnded(month, employer.Zone, context.ReceivedAt))
            return new Refused(StatusCodes.Status409Conflict, $"{period} has not ended yet in {employer.TimeZone}");
        var closeKey = ReimbursementPeriod.CloseKey(employerId, month);
        if (await session.Events.FetchStreamStateAsync(closeKey, cancellation) is not null)
            return new Refused(StatusCodes.Status409Conflict, $"{period} is already closed for employer {employerId}");

        var (start, end) = ReimbursementPeriod.Bounds(month, employer.Zone);
        var employees = await session.Query<Employee>().Where(e => e.EmployerId == employerId).ToListAsync(cancellation);
        var (from, until) = (start.ToDateTimeOffset(), end.ToDateTimeOffset());
        var sessions = (await session.Query<HomeSession>().Where(s => s.EmployerId == employerId && s.StartUtc >= from && s.StartUtc < until).ToListAsync(cancellation))
            .ToLookup(s => s.EmployeeId);
        var statements = new List<ReimbursementStatement>();
        foreach (var employee in employees.OrderBy(e => e.EmployeeNumber, StringComparer.Ordinal))
        {
            var (statement, missing) = Build(employer, employee, month, sessions[employee.EmployeeId], context.ReceivedAt);
            if (missing is not null)
                return new Refused(StatusCodes.Status409Conflict, missing);
            statements.Add(statement!);
        }
        foreach (var statement in statements)
            session.Events.StartStream<ReimbursementStatement>(statement.Id, new ReimbursementStatementIssued(statement, context.Actor));
        session.Events.StartStream(closeKey, new ReimbursementPeriodClosed(employerId, period, statements.Select(s => s.Id).ToList(), context.Actor, context.ReceivedAt));
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception exception) when (exception is ExistingStreamIdCollisionException || exception.InnerException is ExistingStreamIdCollisionException)
        {
            return new Refused(StatusCodes.Status409Conflict, $"{period} was closed at the same time for employer {employerId}");
        }
        return new Closed(statements);
    }

    public static void MapCloseReimbursements(this IEndpointRouteBuilder api) =>
        api.MapPost("/settlement/employers/{employer_id}/reimbursements/close", Handle).WithName("CloseReimbursements")
            .WithSummary("Closes an employer's ended month: one reimbursement statement per employee.");

    private static async Task<Results<Ok<ClosedView>, ValidationProblem, ProblemHttpResult>> Handle([FromRoute(Name = "employer_id")] string employerId,
        HttpRequest http, ISettlementStore store, IClock clock, ILoggerFactory loggers, CancellationToken cancellation)
    {
        var (body, readErrors) = await JsonBody.Read<CloseBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        if (!ReimbursementPeriod.TryParse(body.Period, out var month))
            return new FieldErrors().Add("period", "must be a month, e.g. 2026-11").ToProblem();
        var outcome = await Close(store, employerId, month, EventContext.Operator(clock.GetCurrentInstant()), cancellation);
        if (outcome is Refused refused)
        {
            loggers.CreateLogger(typeof(CloseReimbursements)).LogWarning("Refused to close {Period} of employer {Employer}: {Detail}", body.Period, employerId, refused.Detail);
            return refused.Status == StatusCodes.Status404NotFound ? ReimbursementProblems.NotFound(refused.Detail) : ReimbursementProblems.Conflict(refused.Detail);
        }
        return TypedResults.Ok(new ClosedView(employerId, ReimbursementPeriod.Name(month), ((Closed)outcome).Statements.Select(s => s.Id).ToList()));
    }
}
