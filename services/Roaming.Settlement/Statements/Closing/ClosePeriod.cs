using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Statements.Getting;

namespace Roaming.Settlement.Statements.Closing;

/// <summary>
/// <c>POST /api/settlement/periods/close</c> <c>{"operator_id", "provider_id", "period": "2026-11"}</c>: closes an ended
/// period of an agreement now (any ended period, also one before the scheduled close's grace has passed, or an earlier
/// period of an agreement registered late), attributed to the operator API's caller. 201 with the statement.
/// </summary>
public static class ClosePeriod
{
    public sealed record CloseBody(
        [property: JsonPropertyName("operator_id")] string? OperatorId,
        [property: JsonPropertyName("provider_id")] string? ProviderId,
        [property: JsonPropertyName("period")] string? Period);

    public static void MapClosePeriod(this IEndpointRouteBuilder api) => api.MapPost("/settlement/periods/close", Handle)
        .WithName("CloseSettlementPeriod").WithSummary("Closes an ended period of an agreement and issues its statement.");

    private static async Task<Results<Created<StatementView>, ValidationProblem, ProblemHttpResult>> Handle(HttpRequest http, ISettlementStore store,
        PeriodCloser closer, IClock clock, CancellationToken cancellation)
    {
        var (body, readErrors) = await JsonBody.Read<CloseBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var errors = new FieldErrors();
        errors.RequiredString("operator_id", body.OperatorId, 64);
        errors.RequiredString("provider_id", body.ProviderId, 64);
        errors.RequiredString("period", body.Period, 16);
        if (!errors.IsValid)
            return errors.ToProblem();

        Agreement? agreement;
        await using (var query = store.QuerySession())
            agreement = await query.LoadAsync<Agreement>(Agreement.KeyOf(body.OperatorId!, body.ProviderId!), cancellation);
        if (agreement is null)
            return TypedResults.Problem($"no agreement between {body.OperatorId} and {body.ProviderId}", statusCode: StatusCodes.Status404NotFound,
                title: "Unknown agreement");
        if (BillingPeriod.Parse(agreement.Period, body.Period) is not { } period)
            return errors.Add("period", agreement.Period == BillingPeriod.Weekly
                ? "is an ISO week of this weekly agreement, e.g. 2026-W47"
                : "is a month of this monthly agreement, e.g. 2026-11").ToProblem();

        return await closer.Close(agreement, period, EventContext.Operator(clock.GetCurrentInstant()), cancellation) switch
        {
            CloseOutcome.Closed closed => TypedResults.Created($"/api/settlement/statements/{Uri.EscapeDataString(closed.Statement.Id)}",
                StatementView.Of(closed.Statement, null, clock.GetCurrentInstant())),
            CloseOutcome.NotEnded notEnded => TypedResults.Problem($"period {period.Name} ends on {notEnded.EndsOn:yyyy-MM-dd} ({agreement.TimeZone})",
                statusCode: StatusCodes.Status409Conflict, title: "Period not ended"),
            CloseOutcome.AlreadyClosed closed => TypedResults.Problem($"period {period.Name} is already closed: statement {closed.StatementId}",
                statusCode: StatusCodes.Status409Conflict, title: "Period already closed"),
            _ => throw new InvalidOperationException("unknown close outcome"),
        };
    }
}
