using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using Roaming.Platform.Http;

namespace Roaming.Charging.Reconciliation;

/// <summary><c>GET /api/reconciliation?outcome=discrepancy</c>: partner CDRs as we re-priced them, newest first.</summary>
public static class GetReconciliation
{
    public static void MapGetReconciliation(this IEndpointRouteBuilder api) =>
        api.MapGet("/reconciliation", async (IChargingStore store, string? outcome, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var query = session.Query<PartnerCdrCheck>().AsQueryable();
            if (outcome is not null)
                query = query.Where(c => c.Outcome == outcome);
            return TypedResults.Ok(await query.OrderByDescending(c => c.CheckedAt)
                .ToPageAsync(offset, limit, response, cancellation));
        }).WithName("GetReconciliation");
}
