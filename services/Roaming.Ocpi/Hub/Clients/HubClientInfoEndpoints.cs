using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Clients;

/// <summary>
/// The hub's hubclientinfo SENDER, <c>GET {base}/ocpi/hub/2.2.1/hubclientinfo</c> (paged, <c>date_from</c>/<c>date_to</c> on
/// last_updated, in the database), and the operator's view of the same list, <c>GET /api/hub/clients</c>, which also says
/// since when, why and by what an OFFLINE party's platform was found unreachable.
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
        api.MapGet("/hub/clients", async Task<Ok<IReadOnlyList<HubClientView>>> (HttpContext http, IOcpiStore store) =>
        {
            await using var session = store.QuerySession();
            var statuses = await session.Query<HubClientStatus>().OrderBy(s => s.Id).ToListAsync(http.RequestAborted);
            var offline = await session.Query<HubPlatformReachability>().Where(r => r.Offline).ToListAsync(http.RequestAborted);
            var platforms = offline.Count == 0 ? [] : await session.Query<Partner>()
                .Where(p => p.ParticipantId != null && p.Status == PartnerStatus.Registered).ToListAsync(http.RequestAborted);
            return TypedResults.Ok<IReadOnlyList<HubClientView>>(statuses.Select(s => HubClientView.Of(s, offline, platforms)).ToList());
        }).WithName("GetHubClients");
}

/// <summary>
/// A party as <c>GET /api/hub/clients</c> shows it to the operator: its ClientInfo and, while it is OFFLINE, since when,
/// why and who found out (the recorded <see cref="HubPlatformReachability"/> of the platform that carries it).
/// </summary>
public sealed record HubClientView(
    [property: JsonPropertyName("party_id")] string PartyId,
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("last_updated")] Instant LastUpdated,
    [property: JsonPropertyName("offline_since")] Instant? OfflineSince,
    [property: JsonPropertyName("offline_reason")] string? OfflineReason,
    [property: JsonPropertyName("offline_found_by")] string? OfflineFoundBy)
{
    public static HubClientView Of(HubClientStatus status, IReadOnlyList<HubPlatformReachability> offline, IReadOnlyList<Partner> platforms)
    {
        var record = status.Status != ConnectionStatus.Offline ? null : offline
            .Where(r => platforms.Any(p => p.Id == r.PlatformId && HubClients.Carries(p, $"{status.CountryCode}*{status.PartyId}", status.Role)))
            .OrderBy(r => r.Since).FirstOrDefault();
        return new HubClientView(status.PartyId, status.CountryCode, status.Role, status.Status, status.LastUpdated, record?.Since, record?.Reason, record?.Actor);
    }
}
