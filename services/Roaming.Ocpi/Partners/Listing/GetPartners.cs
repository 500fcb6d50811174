using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Partners.Listing;

/// <summary>A partner for the operator: never a token, only what the connection looks like.</summary>
public sealed record PartnerSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("versions_url")] string? VersionsUrl,
    [property: JsonPropertyName("base64_token")] bool Base64Token,
    [property: JsonPropertyName("roles")] IReadOnlyList<CredentialsRole> Roles,
    [property: JsonPropertyName("endpoints")] IReadOnlyList<Endpoint> Endpoints,
    [property: JsonPropertyName("updated_at")] Instant UpdatedAt,
    [property: JsonPropertyName("hub_clients")] IReadOnlyList<HubClientSummary> HubClients)
{
    public static PartnerSummary Of(Partner partner) => new(partner.Id, partner.Name, partner.Status.ToString().ToUpperInvariant(),
        partner.VersionsUrl, partner.EncodeToken, partner.Roles, partner.Endpoints, partner.UpdatedAt,
        (partner.HubClients ?? []).Select(client => new HubClientSummary($"{client.CountryCode}*{client.PartyId}", client.Role, client.Status, client.LastUpdated)).ToList());
}

/// <summary>For a hub partner: a party it reported through hubclientinfo, with its connection status (CONNECTED, OFFLINE, PLANNED, SUSPENDED).</summary>
public sealed record HubClientSummary(
    [property: JsonPropertyName("party")] string Party,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("last_updated")] Instant LastUpdated);

public sealed record TokenEncodingRequest([property: JsonPropertyName("base64")] bool Base64);

/// <summary><c>GET /api/partners[/{id}]</c>, and <c>PUT /api/partners/{id}/token-encoding</c> for peers that want the raw token.</summary>
public static class GetPartners
{
    public static void MapGetPartners(this IEndpointRouteBuilder api)
    {
        api.MapGet("/partners", async (IOcpiStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var partners = await session.Query<Partner>().OrderBy(p => p.CreatedAt).ToListAsync(cancellation);
            return TypedResults.Ok(partners.Select(PartnerSummary.Of).ToList());
        }).WithName("GetOcpiPartners");

        api.MapGet("/partners/{id}", async Task<Results<Ok<PartnerSummary>, NotFound>> (string id, IOcpiStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var partner = await session.LoadAsync<Partner>(id, cancellation);
            return partner is null ? TypedResults.NotFound() : TypedResults.Ok(PartnerSummary.Of(partner));
        }).WithName("GetOcpiPartner");

        api.MapPut("/partners/{id}/token-encoding", async Task<Results<Ok<PartnerSummary>, NotFound>> (string id, TokenEncodingRequest request,
            IOcpiStore store, IClock clock, CancellationToken cancellation) =>
        {
            var now = clock.GetCurrentInstant();
            await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
            // Locked: the partner's own calls append to its stream too (StreamLocks).
            var stream = await session.Events.FetchForExclusiveWriting<Partner>(id, cancellation);
            if (stream.Aggregate is null)
                return TypedResults.NotFound();
            stream.AppendOne(new OutboundTokenEncodingSet(id, request.Base64, now));
            await session.SaveChangesAsync(cancellation);
            return TypedResults.Ok(PartnerSummary.Of((await session.LoadAsync<Partner>(id, cancellation))!));
        }).WithName("SetOcpiPartnerTokenEncoding");
    }
}
