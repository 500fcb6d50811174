using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Pushing;

/// <summary>Body of <c>POST /api/partners/{id}/deliveries/resend</c>: which final state to re-queue.</summary>
public sealed record ResendDeliveriesRequest([property: JsonPropertyName("state")] string? State);

/// <summary>
/// <c>POST /api/partners/{id}/deliveries/{delivery_id}/resend</c> (the id URL-encoded, its slashes as <c>%2F</c>) and
/// <c>POST /api/partners/{id}/deliveries/resend {"state":"expired"|"rejected"}</c>: put rejected or expired deliveries
/// back into the queue, unchanged, behind what is queued now, with a fresh give-up ceiling; each re-queue is an event
/// with the operator as actor.
/// </summary>
public static class ResendDeliveries
{
    public static void MapResendDeliveries(this IEndpointRouteBuilder api)
    {
        api.MapPost("/partners/{id}/deliveries/{delivery_id}/resend", async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> (string id,
            [Microsoft.AspNetCore.Mvc.FromRoute(Name = "delivery_id")] string deliveryId, IOcpiStore store, IClock clock, CancellationToken cancellation) =>
        {
            deliveryId = Uri.UnescapeDataString(deliveryId);
            await using var session = store.LightweightSession();
            if (await CallablePartner(session, id, cancellation) is { } refused)
                return refused;
            var delivery = await session.LoadAsync<Delivery>(deliveryId, cancellation);
            if (delivery is null || delivery.PartnerId != id)
                return TypedResults.Problem($"partner {id} has no delivery {deliveryId}", statusCode: StatusCodes.Status404NotFound);
            if (!DeliveryStatus.Resendable.Contains(delivery.Status))
                return TypedResults.Problem($"delivery {deliveryId} is {delivery.Status}: only {string.Join(" or ", DeliveryStatus.Resendable)} deliveries are resent",
                    statusCode: StatusCodes.Status409Conflict);
            var requeued = Requeue(session, delivery, clock.GetCurrentInstant());
            await session.SaveChangesAsync(cancellation);
            return TypedResults.Ok(DeliveryView.Of(requeued));
        }).WithName("ResendOcpiDelivery");

        api.MapPost("/partners/{id}/deliveries/resend", async Task<Results<Ok<ResentDeliveries>, ProblemHttpResult>> (string id,
            ResendDeliveriesRequest? request, IOcpiStore store, IClock clock, CancellationToken cancellation) =>
        {
            if (request?.State is not { } state || !DeliveryStatus.Resendable.Contains(state))
                return TypedResults.Problem($"state is {string.Join(" or ", DeliveryStatus.Resendable)}", statusCode: StatusCodes.Status400BadRequest);
            await using var session = store.LightweightSession();
            if (await CallablePartner(session, id, cancellation) is { } refused)
                return refused;
            var now = clock.GetCurrentInstant();
            // In their original order: the queue keeps it among the re-queued ones.
            var deliveries = await session.Query<Delivery>().Where(d => d.PartnerId == id && d.Status == state).ToListAsync(cancellation);
            foreach (var delivery in deliveries.OrderBy(d => d.QueuedAt).ThenBy(d => d.Id, StringComparer.Ordinal))
                Requeue(session, delivery, now);
            await session.SaveChangesAsync(cancellation);
            return TypedResults.Ok(new ResentDeliveries(id, state, deliveries.Count));
        }).WithName("ResendOcpiDeliveries");
    }

    private static async Task<ProblemHttpResult?> CallablePartner(IQuerySession session, string id, CancellationToken cancellation) =>
        await session.LoadAsync<Partner>(id, cancellation) switch
        {
            null => TypedResults.Problem($"no partner {id}", statusCode: StatusCodes.Status404NotFound),
            { CanBeCalled: false } partner => TypedResults.Problem($"partner {id} is {partner.Status}: nothing can be sent to it",
                statusCode: StatusCodes.Status409Conflict),
            _ => null,
        };

    private static Delivery Requeue(IDocumentSession session, Delivery delivery, Instant now)
    {
        var context = EventContext.Operator(now);
        var requeued = DeliveryPolicy.Requeue(delivery, now, context.Actor);
        session.Stamp(context);
        session.Events.Append(DeliveryRequeued.StreamOf(delivery.Id),
            new DeliveryRequeued(delivery.Id, delivery.PartnerId, delivery.Status, delivery.LastAnswer, context.Actor, now));
        session.Store(requeued);
        return requeued;
    }
}

public sealed record ResentDeliveries(
    [property: JsonPropertyName("partner_id")] string PartnerId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("resent")] int Resent);
