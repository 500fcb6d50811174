using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;

namespace Roaming.Clearing.Cdrs.Confirming;

/// <summary>
/// <c>POST /api/clearing/cdrs/{id}/approve</c> and <c>/decline</c> (body <c>{"reason": "..."}</c>): the operator answers
/// for the CDR's provider (OCPI has no confirmation step), attributed to the operator key. 409 when the status does not allow it.
/// </summary>
public static class ConfirmByOperator
{
    public static void MapConfirmByOperator(this IEndpointRouteBuilder api)
    {
        api.MapPost("/clearing/cdrs/{id}/approve", (string id, IClearingStore store, IClock clock, ILoggerFactory loggers, CancellationToken cancellation) =>
            Answer(id, ConfirmCdr.Approve, null, store, clock, loggers, cancellation)).WithName("ApproveClearingCdr");
        api.MapPost("/clearing/cdrs/{id}/decline", async (string id, HttpRequest http, IClearingStore store, IClock clock, ILoggerFactory loggers,
            CancellationToken cancellation) =>
        {
            var (body, _) = http.ContentLength is 0 ? (new DeclineBody(null), null) : await JsonBody.Read<DeclineBody>(http, cancellation);
            return await Answer(id, ConfirmCdr.Decline, body?.Reason, store, clock, loggers, cancellation);
        }).WithName("DeclineClearingCdr");
    }

    private static async Task<Results<Ok<CdrDetailView>, ProblemHttpResult>> Answer(string id, string decision, string? reason, IClearingStore store,
        IClock clock, ILoggerFactory loggers, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
        // Locked before the state is read: the provider's answer or a re-upload may change the CDR meanwhile (StreamLocks).
        await session.LockExisting([id], cancellation);
        if (await session.LoadAsync<ClearingCdr>(id, cancellation) is not { } cdr)
            return TypedResults.Problem($"no CDR {id}", statusCode: StatusCodes.Status404NotFound);
        var (@event, refusal) = ConfirmCdr.Decide(cdr, decision, reason, now);
        if (@event is null)
        {
            loggers.CreateLogger(typeof(ConfirmByOperator)).LogWarning("Refused to mark CDR {Cdr} {Decision}: {Reason}", id, decision, refusal);
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: $"CDR cannot be {decision}");
        }
        var next = ClearingCdr.Apply(cdr, @event, EventContext.Operator(now).Actor);
        session.Events.Append(id, @event);
        session.Store(next);
        await session.SaveChangesAsync(cancellation);
        return TypedResults.Ok(CdrDetailView.Of(next));
    }
}
