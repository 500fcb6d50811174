using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Clients;

/// <summary>
/// The hub's hubclientinfo SENDER, <c>GET {base}/ocpi/hub/2.2.1/hubclientinfo</c> (paged, <c>date_from</c>/<c>date_to</c> on
/// last_updated, in the database), and the operator's view of the same list, <c>GET /api/hub/clients</c>.
/// </summary>
public static class HubClientInfoEndpoints
{
    public static void MapHubClientInfoSender(this IEndpointRouteBuilder registered) =>
        registered.MapGet("/" + OcpiUrls.Version + "/hubclientinfo", async (HttpContext http, IOcpiStore store) =>
        {
            var page = Paging.Parse(http.Request.Query, out var error);
            if (page is null)
                return OcpiResult.InvalidParameters(error!);
            await using var session = store.QuerySession();
            IQueryable<HubClientStatus> query = session.Query<HubClientStatus>();
            if (page.DateFrom is { } from)
            {
                var fromUtc = from.ToDateTimeOffset();
                query = query.Where(s => s.LastUpdatedUtc >= fromUtc);
            }
            if (page.DateTo is { } to)
            {
                var toUtc = to.ToDateTimeOffset();
                query = query.Where(s => s.LastUpdatedUtc < toUtc);
            }
            var total = await query.CountAsync(http.RequestAborted);
            var items = await query.OrderBy(s => s.Id).Skip(page.Offset).Take(page.Limit).ToListAsync(http.RequestAborted);
            return Paging.Page(http.Request, page, items.Select(s => s.Wire).ToList(), total);
        });

    public static void MapGetHubClients(this IEndpointRouteBuilder api) =>
        api.MapGet("/hub/clients", async Task<Ok<IReadOnlyList<ClientInfo>>> (HttpContext http, IOcpiStore store) =>
        {
            await using var session = store.QuerySession();
            var statuses = await session.Query<HubClientStatus>().OrderBy(s => s.Id).ToListAsync(http.RequestAborted);
            return TypedResults.Ok<IReadOnlyList<ClientInfo>>(statuses.Select(s => s.Wire).ToList());
        }).WithName("GetHubClients");
}
