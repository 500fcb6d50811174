using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Platform.Hosting;

using Roaming.Platform.Http;

namespace Roaming.Network.Locations.Getting;

public static class GetLocations
{
    public static void MapGetLocations(this IEndpointRouteBuilder api)
    {
        api.MapGet("/locations", async (INetworkStore store, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var page = await session.Query<PublishedLocation>().OrderByDescending(l => l.LastChangedAt).ThenBy(l => l.Id)
                .ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(l => l.Location).ToList());
        }).WithName("GetLocations");

        api.MapGet("/locations/{id}", async Task<Results<Ok<Location>, NotFound>> (string id, INetworkStore store, IOptions<RoamingOptions> roaming, CancellationToken cancellation) =>
        {
            var party = roaming.Value.Party.Split('*');
            await using var session = store.QuerySession();
            var found = await session.LoadAsync<PublishedLocation>(LocationKeys.For(party[0], party[1], id), cancellation);
            return found is null ? TypedResults.NotFound() : TypedResults.Ok(found.Location);
        }).WithName("GetLocation");
    }
}
