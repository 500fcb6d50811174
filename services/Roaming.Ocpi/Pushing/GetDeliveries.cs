using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Roaming.Ocpi.Pushing;

/// <summary><c>GET /api/partners/{id}/deliveries[?status=pending|delivered|failed]</c>: what we pushed to a partner and what it answered.</summary>
public static class GetDeliveries
{
    public static void MapGetDeliveries(this IEndpointRouteBuilder api) =>
        api.MapGet("/partners/{id}/deliveries", async (string id, string? status, IOcpiStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var query = session.Query<Delivery>().Where(d => d.PartnerId == id);
            if (status is not null)
                query = query.Where(d => d.Status == status);
            var deliveries = await query.OrderBy(d => d.CreatedAt).ToListAsync(cancellation);
            return TypedResults.Ok(deliveries.Select(d => new
            {
                id = d.Id, module = d.Module, method = d.Method, url = d.Url, status = d.Status, attempts = d.Attempts,
                created_at = d.CreatedAt, last_answer = d.LastAnswer, finished_at = d.FinishedAt,
            }).ToList());
        }).WithName("GetOcpiDeliveries");
}
