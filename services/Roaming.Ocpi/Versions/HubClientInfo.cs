using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Validation;

namespace Roaming.Ocpi.Versions;

/// <summary>A party connected through a hub partner, as the hub reports it (hubclientinfo ClientInfo).</summary>
public sealed record HubClient(string Id, string HubPartnerId, string CountryCode, string PartyId, string Role, string Status, Instant LastUpdated);

/// <summary>
/// The hubclientinfo receiver (<c>GET/PUT /ocpi/2.2.1/hubclientinfo/{cc}/{pid}</c>): only a partner with the HUB role may
/// report its clients. A configuration module, so no routing headers (ocpi.md 2.6).
/// </summary>
public static class HubClientInfo
{
    private static readonly JsonRule[] Rules =
    [
        new Str("country_code", 2), new Str("party_id", 3), new OneOf("role", ["CPO", "EMSP", "HUB", "NAP", "NSP", "OTHER", "SCSP"]),
        new OneOf("status", ["CONNECTED", "OFFLINE", "PLANNED", "SUSPENDED"]), new DateTimeRule("last_updated"),
    ];

    public static OcpiResult? Refuse(Partner hub, string countryCode, string partyId, JsonElement body, FieldErrors errors)
    {
        if (!hub.HasRole("HUB"))
            return OcpiResult.NotFound("Only a hub reports client info");
        JsonRule.CheckObject(body, Rules, "", errors);
        if (!errors.IsValid)
            return OcpiResult.InvalidParameters(ReceivedObjects.Describe(errors));
        return ReceivedObjects.Mismatch(new ObjectAddress("hubclientinfo", countryCode, partyId, ""), body) is { } mismatch && !mismatch.StartsWith("id", StringComparison.Ordinal)
            ? OcpiResult.InvalidParameters(mismatch) : null;
    }

    public static void MapHubClientInfo(this IEndpointRouteBuilder configuration)
    {
        const string path = "/" + OcpiUrls.Version + "/hubclientinfo/{cc}/{pid}";
        configuration.MapGet(path, async (string cc, string pid, HttpContext http, IOcpiStore store) =>
        {
            var hub = OcpiGate.CallerOf(http);
            await using var session = store.QuerySession();
            var client = await session.LoadAsync<HubClient>($"{hub.Id}/{cc}/{pid}".ToUpperInvariant(), http.RequestAborted);
            return client is null ? OcpiResult.NotFound($"Unknown client {cc}*{pid}") : OcpiResult.Ok(new Dictionary<string, object>
            {
                ["country_code"] = client.CountryCode, ["party_id"] = client.PartyId, ["role"] = client.Role, ["status"] = client.Status,
                ["last_updated"] = client.LastUpdated,
            });
        });
        configuration.MapPut(path, async (string cc, string pid, HttpContext http, IOcpiStore store) =>
        {
            var hub = OcpiGate.CallerOf(http);
            if (hub.Status != PartnerStatus.Registered)
                return OcpiResult.Unauthorized("This token may only be used on versions and credentials");
            var (body, bad) = await OcpiBody.Read(http.Request);
            if (bad is not null)
                return bad;
            if (Refuse(hub, cc, pid, body, new FieldErrors()) is { } refused)
                return refused;
            var id = $"{hub.Id}/{cc}/{pid}".ToUpperInvariant();
            await using var session = store.LightweightSession();
            var existing = await session.LoadAsync<HubClient>(id, http.RequestAborted);
            session.Store(new HubClient(id, hub.Id, cc.ToUpperInvariant(), pid.ToUpperInvariant(), ReceivedObjects.Text(body, "role")!,
                ReceivedObjects.Text(body, "status")!, OcpiDateTime.TryParse(ReceivedObjects.Text(body, "last_updated"))!.Value));
            await session.SaveChangesAsync(http.RequestAborted);
            return existing is null ? OcpiResult.Created() : OcpiResult.Ok();
        });
    }
}
