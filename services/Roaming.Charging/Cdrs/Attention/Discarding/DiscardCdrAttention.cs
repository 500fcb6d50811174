using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;

namespace Roaming.Charging.Cdrs.Attention.Discarding;

public sealed record DiscardCdrAttentionRequest([property: JsonPropertyName("reason")] string? Reason);

/// <summary>
/// <c>POST /api/charging/cdrs/attention/{id}/discard {"reason"}</c>: no CDR will be issued for the transaction (a test
/// charge, a duplicate); the item is kept with the reason and the caller as actor, never deleted.
/// </summary>
public static class DiscardCdrAttention
{
    /// <summary>The discard, or why not: a conflict (409) or the field at fault (400). Pure.</summary>
    public static (CdrAttentionDiscarded? Discarded, string? Conflict, FieldErrors Errors) Decide(CdrAttentionItem item, DiscardCdrAttentionRequest request,
        string actor, Instant now)
    {
        var errors = new FieldErrors();
        if (item.State != AttentionStates.Open)
            return (null, $"the item is already {item.State}", errors);
        if (string.IsNullOrWhiteSpace(request.Reason))
            errors.Add("reason", "is required: say why no CDR is issued");
        errors.MaxLength("reason", request.Reason, 255);
        return errors.IsValid ? (new CdrAttentionDiscarded(item.Id, request.Reason!.Trim(), actor, now), null, errors) : (null, null, errors);
    }

    public static void MapDiscardCdrAttention(this IEndpointRouteBuilder api) =>
        api.MapPost("/charging/cdrs/attention/{id}/discard", async (string id, HttpContext http, IChargingStore store, IClock clock,
            ILoggerFactory loggers, CancellationToken cancellation) =>
        {
            var logger = loggers.CreateLogger(typeof(DiscardCdrAttention));
            var (request, bad) = await JsonBody.Read<DiscardCdrAttentionRequest>(http.Request, cancellation);
            var now = clock.GetCurrentInstant();
            var actor = OperatorActor.Of(http);
            await using var session = store.LightweightSession().Stamp(new EventContext(actor, now));
            var item = await session.LoadAsync<CdrAttentionItem>(id, cancellation);
            if (item is null)
                return Results.NotFound();
            var (discarded, conflict, errors) = bad.IsValid ? Decide(item, request!, actor, now) : (null, null, bad);
            if (conflict is not null)
                return Results.Problem(conflict, statusCode: StatusCodes.Status409Conflict, title: "CDR needing attention cannot be discarded");
            if (discarded is null)
            {
                logger.LogWarning("Discarding CDR needing attention {Attention} refused: {Errors}", id,
                    string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
                return errors.ToProblem();
            }
            var version = (await session.Events.FetchStreamStateAsync(id, cancellation))!.Version;
            session.Events.Append(id, version + 1, discarded);
            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (EventStreamUnexpectedMaxEventIdException)
            {
                return Results.Problem("the item changed at the same time (completed or discarded by another call); read it again",
                    statusCode: StatusCodes.Status409Conflict, title: "CDR needing attention cannot be discarded");
            }
            logger.LogInformation("CDR needing attention {Attention} discarded by {Actor}: {Reason}", id, actor, discarded.Reason);
            return Results.Ok(CdrAttentionView.Of(CdrAttentionItem.Fold(item, discarded)));
        }).WithName("DiscardCdrNeedingAttention").Accepts<DiscardCdrAttentionRequest>("application/json").Produces<CdrAttentionView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).Produces(StatusCodes.Status404NotFound)
            .WithSummary("No CDR is issued for the transaction; the item is kept with the reason and the caller.");
}
