using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;


namespace Roaming.Network.Locations.Publishing;

/// <summary><c>PUT /api/locations/{id}</c>: an OCPI 2.2.1 Location of our own CPO party, stored whole.</summary>
public static class PutLocation
{
    public static FieldErrors CheckOwnership(string id, Location location, string ownParty)
    {
        var errors = new FieldErrors();
        if (location.Id != id)
            errors.Add("id", "must equal the id in the URL");
        if ($"{location.CountryCode}*{location.PartyId}" != ownParty)
            errors.Add("party_id", $"must be our own party {ownParty}");
        return errors;
    }

    public static LocationPut Decide(Location location, Instant now) =>
        new(LocationKeys.For(location.CountryCode!, location.PartyId!, location.Id!), location with { LastUpdated = location.LastUpdated ?? now }, now);

    public static void MapPutLocation(this IEndpointRouteBuilder api) => api.MapPut("/locations/{id}", Handle).WithName("PutLocation")
        .WithSummary("Creates or replaces a location of our own CPO party (an OCPI 2.2.1 Location object, stored whole).");

    private static async Task<Results<Ok<Location>, ValidationProblem>> Handle(
        string id, JsonElement body, INetworkStore store, IClock clock, IOptions<RoamingOptions> roaming, CancellationToken cancellation)
    {
        if (!LocationValidation.TryRead(body, out var location, out var errors))
            return errors.ToProblem();
        errors = CheckOwnership(id, location, roaming.Value.Party);
        if (!errors.IsValid)
            return errors.ToProblem();

        var now = clock.GetCurrentInstant();
        var put = Decide(location, now);
        await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
        // Locked: the live statuses of its EVSEs append to this stream at any moment (StreamLocks).
        (await session.Events.FetchForExclusiveWriting<PublishedLocation>(put.LocationKey, cancellation)).AppendOne(put);
        await session.SaveChangesAsync(cancellation);
        return TypedResults.Ok(put.Location);
    }
}
