using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Roaming.Charging.Cdrs.Ocpi;

using Roaming.Platform.Http;

namespace Roaming.Charging.Cdrs.Getting;

/// <summary><c>GET /api/cdrs</c> (newest first, offset/limit) and <c>GET /api/cdrs/{id}</c>: OCPI CDR objects, no envelope.</summary>
public static class GetCdrs
{
    public static void MapGetCdrs(this IEndpointRouteBuilder api)
    {
        api.MapGet("/cdrs", async (IChargingStore store, CdrTokenHolders holders, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var page = await session.Query<IssuedCdr>().OrderByDescending(c => c.IssuedAt)
                .ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(await holders.Reveal(page.Select(c => c.Cdr).ToList(), cancellation));
        }).WithName("GetCdrs");

        api.MapGet("/cdrs/{id}", async Task<Results<Ok<Cdr>, NotFound>> (string id, IChargingStore store, CdrTokenHolders holders, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var cdr = await session.LoadAsync<IssuedCdr>(id, cancellation);
            return cdr is null ? TypedResults.NotFound() : TypedResults.Ok((await holders.Reveal([cdr.Cdr], cancellation))[0]);
        }).WithName("GetCdr");
    }
}
