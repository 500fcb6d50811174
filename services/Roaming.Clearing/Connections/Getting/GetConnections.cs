using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Platform.Http;

namespace Roaming.Clearing.Connections.Getting;

/// <summary><c>GET /api/clearing/connections?participant=</c>: the running connections (of one participant, on either side), paged.</summary>
public static class GetConnections
{
    public static void MapGetConnections(this IEndpointRouteBuilder api) => api.MapGet("/clearing/connections",
        async (IClearingStore store, string? participant, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var query = session.Query<RoamingConnection>().Where(c => c.Active);
            if (participant is not null)
                query = query.Where(c => c.OperatorParticipantId == participant || c.ProviderParticipantId == participant);
            var page = await query.OrderBy(c => c.Id).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(ConnectionView.Of).ToList());
        }).WithName("GetConnections");
}
