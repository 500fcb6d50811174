using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Platform.Marten;

namespace Roaming.Clearing.Connections.Ending;

/// <summary><c>DELETE /api/clearing/connections/{operator_id}/{provider_id}</c>: ends a running connection (204), 404 when there is none.</summary>
public static class EndConnection
{
    public static ConnectionEnded? Decide(RoamingConnection? current, Instant now) =>
        current is { Active: true } ? new ConnectionEnded(current.Id, current.OperatorId, current.ProviderId, now) : null;

    public static void MapEndConnection(this IEndpointRouteBuilder api) => api.MapDelete("/clearing/connections/{operatorId}/{providerId}",
        async Task<Results<NoContent, ProblemHttpResult>> (string operatorId, string providerId, IClearingStore store, IClock clock, CancellationToken cancellation) =>
        {
            if (!OperatorId.TryParse(operatorId, out var @operator) || !ProviderId.TryParse(providerId, out var provider))
                return TypedResults.Problem("operator_id and provider_id must be ids like DE*ABC", statusCode: StatusCodes.Status400BadRequest);
            var now = clock.GetCurrentInstant();
            await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
            var key = RoamingConnection.KeyOf(@operator.ToString(), provider.ToString());
            if (Decide(await session.LoadAsync<RoamingConnection>(key, cancellation), now) is not { } ended)
                return TypedResults.Problem($"no running connection between {@operator} and {provider}", statusCode: StatusCodes.Status404NotFound);
            session.Events.Append(key, ended);
            await session.SaveChangesAsync(cancellation);
            return TypedResults.NoContent();
        }).WithName("EndConnection").WithSummary("Ends a roaming connection.");
}
