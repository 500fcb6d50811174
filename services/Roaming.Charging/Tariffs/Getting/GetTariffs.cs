using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Roaming.Platform.Hosting;
using Roaming.Platform.Http;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Tariffs.Getting;

/// <summary>
/// <c>GET /api/tariffs</c> (by id, offset/limit) and <c>GET /api/tariffs/{id}</c>: our tariffs as last published, OCPI
/// Tariff objects. A removed tariff is gone from both; its versions stay for the sessions priced with it.
/// </summary>
public static class GetTariffs
{
    public static void MapGetTariffs(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tariffs", async (IChargingStore store, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var page = await session.Query<TariffHistory>().Where(t => t.RemovedAt == null).OrderBy(t => t.Id)
                .ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(t => t.Current).ToList());
        }).WithName("GetTariffs");

        api.MapGet("/tariffs/{id}", async Task<Results<Ok<Tariff>, NotFound>> (string id, IChargingStore store, IOptions<RoamingOptions> roaming,
            CancellationToken cancellation) =>
        {
            var party = roaming.Value.Party.Split('*');
            await using var session = store.QuerySession();
            var history = await session.LoadAsync<TariffHistory>(TariffKeys.For(party[0], party[1], id), cancellation);
            return history is null || history.RemovedAt is not null ? TypedResults.NotFound() : TypedResults.Ok(history.Current);
        }).WithName("GetTariff");
    }
}
