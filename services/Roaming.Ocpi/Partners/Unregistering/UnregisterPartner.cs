using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Partners.Unregistering;

/// <summary>
/// <c>DELETE /api/partners/{id}</c>: we end the connection. The partner is told with DELETE on its credentials endpoint;
/// whatever it answers, we stop accepting its token and sending to it (both sides stop all traffic, ocpi.md 3.2).
/// </summary>
public static class UnregisterPartner
{
    public static void MapUnregisterPartner(this IEndpointRouteBuilder api) =>
        api.MapDelete("/partners/{id}", async (string id, HttpContext http, IOcpiStore store, OcpiClient client, IClock clock) =>
        {
            await using var session = store.LightweightSession();
            var partner = await session.LoadAsync<Partner>(id, http.RequestAborted);
            if (partner is null)
                return Results.NotFound();
            if (partner.Status == PartnerStatus.Unregistered)
                return Results.Ok(new { id, status = "UNREGISTERED", partner_answer = (string?)null });
            var credentialsUrl = partner.Endpoints.FirstOrDefault(e => e.Identifier == "credentials")?.Url;
            var answer = partner.CanBeCalled && credentialsUrl is not null
                ? (await client.Send(new OcpiCall(HttpMethod.Delete, credentialsUrl, partner.TheirToken!, partner.EncodeToken), http.RequestAborted)).Describe()
                : null;
            var now = clock.GetCurrentInstant();
            session.Stamp(EventContext.Operator(now));
            // Locked: the partner's own calls append to its stream too (StreamLocks).
            var stream = await session.Events.FetchForExclusiveWriting<Partner>(id, http.RequestAborted);
            stream.AppendOne(new PartnerUnregistered(id, "operator", now));
            await session.SaveChangesAsync(http.RequestAborted);
            return Results.Ok(new { id, status = "UNREGISTERED", partner_answer = answer });
        }).WithName("UnregisterOcpiPartner");
}
