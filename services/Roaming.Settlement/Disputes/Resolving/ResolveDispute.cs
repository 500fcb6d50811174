using JasperFx.Events;
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
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Ledger.Following;

namespace Roaming.Settlement.Disputes.Resolving;

/// <summary>
/// <c>POST /api/settlement/disputes/{id}/resolve</c> <c>{"outcome": "accepted"|"rejected", "note"}</c>: accepted, the
/// CDR stands and is billable again; rejected, the claim is withdrawn (credited on the next statement if it was billed).
/// 404 for an unknown dispute, 409 when it is resolved already.
/// </summary>
public static class ResolveDispute
{
    public const int MaxNoteLength = 1000;

    public static readonly IReadOnlyList<string> Outcomes = [DisputeStatuses.Accepted, DisputeStatuses.Rejected];

    public static FieldErrors Validate(ResolveDisputeBody body)
    {
        var errors = new FieldErrors();
        errors.Required("outcome", body.Outcome);
        errors.OneOf("outcome", body.Outcome, Outcomes);
        errors.MaxLength("note", body.Note, MaxNoteLength);
        return errors;
    }

    /// <summary>The resolution and what it does to the CDR, or why it cannot be resolved (409).</summary>
    public static (DisputeResolved? Resolved, IReadOnlyList<object> LedgerEvents, string? Refusal) Decide(Dispute dispute, LedgerCdr cdr, string outcome,
        string? note, LedgerDecisions.Circumstances around, string actor, Instant now)
    {
        if (dispute.Status != DisputeStatuses.Open)
            return (null, [], $"dispute {dispute.Id} is already {dispute.Status}");
        var resolved = new DisputeResolved(dispute.Id, outcome, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), actor, now);
        IReadOnlyList<object> ledger = outcome == DisputeStatuses.Accepted
            ? LedgerDecisions.Release(cdr, "dispute accepted", around with { UnderOpenDispute = false }, now)
            : cdr.State == LedgerStates.Withdrawn ? [] : [new CdrWithdrawn(cdr.Id, resolved.Note is { } why ? $"dispute rejected: {why}" : "dispute rejected", now)];
        return (resolved, ledger, null);
    }

    public static void MapResolveDispute(this IEndpointRouteBuilder api) => api.MapPost("/settlement/disputes/{id}/resolve", Handle)
        .WithName("ResolveSettlementDispute").WithSummary("Resolves a dispute: accepted (the CDR stands) or rejected (the claim is withdrawn).");

    private static async Task<Results<Ok<DisputeView>, ValidationProblem, ProblemHttpResult>> Handle(string id, HttpRequest http, ISettlementStore store, IClock clock,
        CancellationToken cancellation)
    {
        var (body, readErrors) = await JsonBody.Read<ResolveDisputeBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var errors = Validate(body);
        if (!errors.IsValid)
            return errors.ToProblem();
        var now = clock.GetCurrentInstant();
        var actor = OperatorCaller.Of(http.HttpContext);
        await using var session = store.LightweightSession().Stamp(new EventContext(actor, now));
        var stream = await session.Events.FetchForWriting<Dispute>(id, cancellation);
        if (stream.Aggregate is not { } dispute)
            return TypedResults.Problem($"no dispute {id}", statusCode: StatusCodes.Status404NotFound, title: "Unknown dispute");
        var ledger = await session.Events.FetchForWriting<LedgerCdr>(LedgerKeys.For(dispute.OperatorId, dispute.CdrId), cancellation);
        var around = await LedgerCircumstances.Load(session, dispute.OperatorId, dispute.ProviderId, dispute.CdrId, cancellation);
        var (resolved, ledgerEvents, refusal) = Decide(dispute, ledger.Aggregate!, body.Outcome!, body.Note, around, actor, now);
        if (resolved is null)
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "Dispute is resolved");
        stream.AppendOne(resolved);
        if (ledgerEvents.Count > 0)
            ledger.AppendMany(ledgerEvents);
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (EventStreamUnexpectedMaxEventIdException)
        {
            return TypedResults.Problem($"dispute {id} was resolved at the same time", statusCode: StatusCodes.Status409Conflict, title: "Dispute is resolved");
        }
        await using var query = store.QuerySession();
        return TypedResults.Ok(DisputeView.Of((await query.LoadAsync<Dispute>(id, cancellation))!));
    }
}
