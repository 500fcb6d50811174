using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;


namespace Roaming.Charging.Tariffs.Publishing;

/// <summary><c>DELETE /api/tariffs/{id}</c>: no new session is priced with it; its versions stay for sessions and CDRs already under it.</summary>
public static class RemoveTariff
{
    public static void MapRemoveTariff(this IEndpointRouteBuilder api) =>
        api.MapDelete("/tariffs/{id}", async Task<Results<NoContent, NotFound>> (string id, IChargingStore store, IClock clock,
            IOptions<RoamingOptions> roaming, CancellationToken cancellation) =>
        {
            var party = roaming.Value.Party.Split('*');
            var key = TariffKeys.For(party[0], party[1], id);
            var now = clock.GetCurrentInstant();
            await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
            var history = await session.LoadAsync<TariffHistory>(key, cancellation);
            if (history is null || history.RemovedAt is not null)
                return TypedResults.NotFound();
            session.Events.Append(key, new TariffRemoved(key, now));
            await session.SaveChangesAsync(cancellation);
            return TypedResults.NoContent();
        }).WithName("RemoveTariff");
}
