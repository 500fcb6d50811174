using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Platform.Hosting;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Contracts.Validation;

namespace Roaming.Charging.Tariffs.Publishing;

/// <summary><c>PUT /api/tariffs/{id}</c>: publishes a tariff of our own CPO party, or a new version of it.</summary>
public static class PublishTariff
{
    public static FieldErrors Validate(string id, Tariff tariff, string ownParty)
    {
        var errors = TariffValidation.Validate(tariff);
        if (tariff.Id != id)
            errors.Add("id", "must equal the id in the URL");
        if ($"{tariff.CountryCode}*{tariff.PartyId}" != ownParty)
            errors.Add("party_id", $"must be our own party {ownParty}");
        return errors;
    }

    public static TariffPublished Decide(TariffHistory? history, Tariff tariff, Instant now) =>
        new(TariffKeys.For(tariff.CountryCode, tariff.PartyId, tariff.Id), (history?.Versions.Count ?? 0) + 1, tariff, now);

    public static void MapPublishTariff(this IEndpointRouteBuilder api) => api.MapPut("/tariffs/{id}", Handle).WithName("PublishTariff")
        .WithSummary("Publishes a tariff of our own party (an OCPI 2.2.1 Tariff object); sessions are priced with the version valid at their start.");

    private static async Task<Results<Ok<Tariff>, ValidationProblem>> Handle(
        string id, HttpRequest request, IChargingStore store, IClock clock, IOptions<RoamingOptions> roaming, CancellationToken cancellation)
    {
        var (tariff, errors) = await JsonBody.Read<Tariff>(request, cancellation);
        if (tariff is null)
            return errors.ToProblem();
        errors = Validate(id, tariff, roaming.Value.Party);
        if (!errors.IsValid)
            return errors.ToProblem();

        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
        var key = TariffKeys.For(tariff.CountryCode, tariff.PartyId, tariff.Id);
        var history = await session.LoadAsync<TariffHistory>(key, cancellation);
        var published = Decide(history, tariff, now);
        // Expected version: two concurrent PUTs cannot both become version n.
        session.Events.Append(key, published.Version, published);
        await session.SaveChangesAsync(cancellation);
        return TypedResults.Ok(tariff);
    }
}
