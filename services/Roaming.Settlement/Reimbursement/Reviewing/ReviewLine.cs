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
using Roaming.Settlement.Reimbursement.Exports;

namespace Roaming.Settlement.Reimbursement.Reviewing;

public sealed record DisputeBody([property: JsonPropertyName("reason")] string? Reason);

public sealed record ResolveBody([property: JsonPropertyName("outcome")] string? Outcome);

/// <summary>
/// The employee confirms or disputes a line of a reimbursement statement; the employer resolves a dispute
/// (<c>POST /api/settlement/reimbursements/{id}/lines/{line}/confirm|dispute|resolve</c>). Each step is an event with its actor.
/// </summary>
public static class ReviewLine
{
    public abstract record Decision;
    public sealed record Append(object Event) : Decision;
    public sealed record Unchanged : Decision;
    public sealed record Refused(string Detail) : Decision;

    /// <summary>Confirming a confirmed line again changes nothing; a disputed or resolved line cannot be confirmed.</summary>
    public static Decision Confirm(ReimbursementLine line, string statementId, string actor, Instant now) => line.Status switch
    {
        ReimbursementLineStatuses.Open => new Append(new ReimbursementLineConfirmed(statementId, line.LineNumber, actor, now)),
        ReimbursementLineStatuses.Confirmed => new Unchanged(),
        _ => new Refused($"line {line.LineNumber} is {line.Status}: only an open line can be confirmed"),
    };

    public static Decision Dispute(ReimbursementLine line, string statementId, string reason, string actor, Instant now) => line.Status switch
    {
        ReimbursementLineStatuses.Open => new Append(new ReimbursementLineDisputed(statementId, line.LineNumber, reason, actor, now)),
        _ => new Refused($"line {line.LineNumber} is {line.Status}: only an open line can be disputed"),
    };

    public static Decision Resolve(ReimbursementLine line, string statementId, string outcome, string actor, Instant now) => line.Status switch
    {
        ReimbursementLineStatuses.Disputed => new Append(new ReimbursementDisputeResolved(statementId, line.LineNumber, outcome, actor, now)),
        _ => new Refused($"line {line.LineNumber} is {line.Status}: only a disputed line can be resolved"),
    };

    public static void MapReviewLine(this IEndpointRouteBuilder api)
    {
        const string path = "/settlement/reimbursements/{id}/lines/{line:int}";
        api.MapPost($"{path}/confirm", (string id, int line, ISettlementStore store, IClock clock, CancellationToken cancellation) =>
                Review(id, line, store, clock, (l, actor, now) => Confirm(l, id, actor, now), cancellation))
            .WithName("ConfirmReimbursementLine").WithSummary("The employee confirms a line of a reimbursement statement.");
        api.MapPost($"{path}/dispute", async (string id, int line, HttpRequest http, ISettlementStore store, IClock clock, CancellationToken cancellation) =>
            {
                var (body, errors) = await JsonBody.Read<DisputeBody>(http, cancellation);
                if (body is not null)
                    errors.RequiredString("reason", body.Reason, 1000);
                if (body is null || !errors.IsValid)
                    return (IResult)errors.ToProblem();
                return await Review(id, line, store, clock, (l, actor, now) => Dispute(l, id, body.Reason!.Trim(), actor, now), cancellation);
            })
            .WithName("DisputeReimbursementLine").WithSummary("The employee disputes a line: it is left out of the payroll total until resolved.");
        api.MapPost($"{path}/resolve", async (string id, int line, HttpRequest http, ISettlementStore store, IClock clock, CancellationToken cancellation) =>
            {
                var (body, errors) = await JsonBody.Read<ResolveBody>(http, cancellation);
                if (body is not null)
                    errors.OneOf("outcome", body.Outcome, [DisputeOutcomes.Accepted, DisputeOutcomes.Rejected]);
                if (body is null || !errors.IsValid)
                    return (IResult)errors.ToProblem();
                return await Review(id, line, store, clock, (l, actor, now) => Resolve(l, id, body.Outcome!, actor, now), cancellation);
            })
            .WithName("ResolveReimbursementLine").WithSummary("The employer resolves a disputed line: accepted (paid) or rejected (not paid).");
    }

    private static async Task<IResult> Review(string id, int lineNumber, ISettlementStore store, IClock clock,
        Func<ReimbursementLine, string, Instant, Decision> decide, CancellationToken cancellation)
    {
        var context = EventContext.Operator(clock.GetCurrentInstant());
        await using var session = store.LightweightSession().Stamp(context);
        var stream = await session.Events.FetchForWriting<ReimbursementStatement>(id, cancellation);
        if (stream.Aggregate is not { } statement)
            return ReimbursementProblems.NotFound($"reimbursement statement {id} does not exist");
        if (statement.Lines.FirstOrDefault(l => l.LineNumber == lineNumber) is not { } line)
            return ReimbursementProblems.NotFound($"reimbursement statement {id} has no line {lineNumber}");
        switch (decide(line, context.Actor, context.ReceivedAt))
        {
            case Refused refused:
                return ReimbursementProblems.Conflict(refused.Detail);
            case Append append:
                stream.AppendOne(append.Event);
                await session.SaveChangesAsync(cancellation);
                break;
        }
        return TypedResults.Ok(ReimbursementView.Of((await session.LoadAsync<ReimbursementStatement>(id, cancellation))!));
    }
}
