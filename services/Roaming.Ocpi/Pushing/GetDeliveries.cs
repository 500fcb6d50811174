using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Platform.Http;

namespace Roaming.Ocpi.Pushing;

/// <summary>
/// <c>GET /api/partners/{id}/deliveries[?state=queued|retrying|delivered|rejected|expired&amp;offset=&amp;limit=]</c>: what we
/// pushed to a partner and what it answered, oldest first, paged; <c>GET /api/partners/{id}/deliveries/summary</c>: how
/// many are in each state, since when the oldest owed one waits and when the next attempt is.
/// </summary>
public static class GetDeliveries
{
    public static void MapGetDeliveries(this IEndpointRouteBuilder api)
    {
        api.MapGet("/partners/{id}/deliveries", async Task<Results<Ok<List<DeliveryView>>, ProblemHttpResult>> (string id, string? state,
            int? offset, int? limit, IOcpiStore store, HttpResponse response, CancellationToken cancellation) =>
        {
            if (state is not null && !DeliveryStatus.All.Contains(state))
                return TypedResults.Problem($"state is one of {string.Join(", ", DeliveryStatus.All)}", statusCode: StatusCodes.Status400BadRequest);
            await using var session = store.QuerySession();
            if (await session.LoadAsync<Partner>(id, cancellation) is null)
                return TypedResults.Problem($"no partner {id}", statusCode: StatusCodes.Status404NotFound);
            var query = session.Query<Delivery>().Where(d => d.PartnerId == id);
            if (state is not null)
                query = query.Where(d => d.Status == state);
            var page = await query.OrderBy(d => d.CreatedAtUtc).ThenBy(d => d.Id).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(DeliveryView.Of).ToList());
        }).WithName("GetOcpiDeliveries");

        api.MapGet("/partners/{id}/deliveries/summary", async Task<Results<Ok<DeliverySummary>, ProblemHttpResult>> (string id, IOcpiStore store,
            CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<Partner>(id, cancellation) is null)
                return TypedResults.Problem($"no partner {id}", statusCode: StatusCodes.Status404NotFound);
            var counts = new Dictionary<string, int>();
            foreach (var status in DeliveryStatus.All)
                counts[status] = await session.Query<Delivery>().CountAsync(d => d.PartnerId == id && d.Status == status, cancellation);
            var owed = session.Query<Delivery>().Where(d => d.PartnerId == id && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Retrying));
            var oldest = await owed.OrderBy(d => d.QueuedAtUtc).FirstOrDefaultAsync(cancellation);
            var next = await owed.OrderBy(d => d.NextAttemptAtUtc).FirstOrDefaultAsync(cancellation);
            // The most recent failure among the owed: what the partner said last.
            var latest = await owed.Where(d => d.Status == DeliveryStatus.Retrying).OrderByDescending(d => d.NextAttemptAtUtc).FirstOrDefaultAsync(cancellation);
            return TypedResults.Ok(new DeliverySummary(id, counts, oldest?.QueuedAt, next?.NextAttemptAt, latest?.LastAnswer));
        }).WithName("GetOcpiDeliverySummary");
    }
}

/// <summary>One delivery as the operator API shows it (<c>status</c> is its state).</summary>
public sealed record DeliveryView(
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("module")] string Module,
    [property: System.Text.Json.Serialization.JsonPropertyName("method")] string Method,
    [property: System.Text.Json.Serialization.JsonPropertyName("url")] string Url,
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("attempts")] int Attempts,
    [property: System.Text.Json.Serialization.JsonPropertyName("created_at")] Instant CreatedAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("next_attempt_at")] Instant? NextAttemptAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("last_answer")] string? LastAnswer,
    [property: System.Text.Json.Serialization.JsonPropertyName("finished_at")] Instant? FinishedAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("requeued_at")] Instant? RequeuedAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("requeued_by")] string? RequeuedBy)
{
    public static DeliveryView Of(Delivery d) => new(d.Id, d.Module, d.Method, d.Url, d.Status, d.Attempts, d.CreatedAt,
        DeliveryStatus.IsWaiting(d.Status) ? d.NextAttemptAt : null, d.LastAnswer, d.FinishedAt, d.RequeuedAt, d.RequeuedBy);
}

/// <summary>A partner's queue at a glance: counts per state, the oldest owed request, the next attempt, the last failure.</summary>
public sealed record DeliverySummary(
    [property: System.Text.Json.Serialization.JsonPropertyName("partner_id")] string PartnerId,
    [property: System.Text.Json.Serialization.JsonPropertyName("counts")] IReadOnlyDictionary<string, int> Counts,
    [property: System.Text.Json.Serialization.JsonPropertyName("oldest_queued_at")] Instant? OldestQueuedAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("next_attempt_at")] Instant? NextAttemptAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("last_answer")] string? LastAnswer);
