using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Ocpi.Partners;

namespace Roaming.Ocpi.Pulling;

/// <summary><c>POST /api/partners/{id}/pull</c>: the scheduled catch-up, now, for one partner; answers what each module brought.</summary>
public static class PullNow
{
    public static void MapPullNow(this IEndpointRouteBuilder api) =>
        api.MapPost("/partners/{id}/pull", async (string id, IOcpiStore store, PartnerPull pull, CancellationToken cancellation) =>
        {
            Partner? partner;
            await using (var session = store.QuerySession())
                partner = await session.LoadAsync<Partner>(id, cancellation);
            if (partner is null)
                return Results.NotFound();
            if (!partner.CanBeCalled)
                return Results.Problem("The partner is not registered", statusCode: 409);
            var results = await pull.Pull(partner, cancellation);
            return Results.Ok(results.Select(r => new { module = r.Module, read = r.Read, stored = r.Stored, refused = r.Refused, problem = r.Problem }));
        }).WithName("PullFromOcpiPartner");
}
