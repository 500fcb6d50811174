using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Roaming.Ocpi.Objects.Receiving;

/// <summary><c>GET /api/partners/{id}/objects/{module}</c>: the OCPI objects a partner pushed to us (locations, sessions, cdrs, tariffs, tokens), oldest first.</summary>
public static class GetReceivedObjects
{
    public static void MapGetReceivedObjects(this IEndpointRouteBuilder api) =>
        api.MapGet("/partners/{id}/objects/{module}", async (string id, string module, IOcpiStore store, HolderFields holders, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var objects = await session.Query<OcpiObject>().Where(o => o.Owner == id && o.Module == module && !o.Removed).ToListAsync(cancellation);
            var revealed = await holders.Reveal(module, objects.OrderBy(o => o.FirstStoredAt).Select(o => o.Json).ToList(), cancellation);
            return TypedResults.Ok(revealed.Select(json => JsonDocument.Parse(json).RootElement).ToList());
        }).WithName("GetOcpiReceivedObjects");
}
