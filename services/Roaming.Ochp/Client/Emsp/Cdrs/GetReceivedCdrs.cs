using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Platform.Http;

namespace Roaming.Ochp.Client.Emsp.Cdrs;

/// <summary>
/// <c>GET /api/ochp/client/received-cdrs?state=&amp;decision=</c>: the CDRs our e-MSP role received over OCHP, newest first,
/// with our decision (approved / declined), the re-pricing outcome and differences, the reason of a decline, and whether
/// the clearing house took the decision (state reconciling, to_confirm, confirmed, confirmation_refused).
/// </summary>
public static class GetReceivedCdrs
{
    public static void MapGetReceivedCdrs(this IEndpointRouteBuilder api) =>
        api.MapGet("/ochp/client/received-cdrs", async (IOchpStore store, string? state, string? decision, int? offset, int? limit, HttpResponse response,
            CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var query = session.Query<ReceivedCdr>().AsQueryable();
            if (state is not null)
                query = query.Where(c => c.State == state);
            if (decision is not null)
                query = query.Where(c => c.Decision == decision);
            return TypedResults.Ok(await query.OrderByDescending(c => c.ReceivedAt).ToPageAsync(offset, limit, response, cancellation));
        }).WithName("GetOchpClientReceivedCdrs")
        .WithSummary("CDRs received over OCHP as e-MSP: our decision (approved/declined), its reason and whether the clearing house took it.");
}
