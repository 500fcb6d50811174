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
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.HubClientInfo;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Versions;

/// <summary>
/// The hubclientinfo receiver (<c>GET/PUT /ocpi/2.2.1/hubclientinfo/{cc}/{pid}</c>): only a partner with the HUB role may
/// report its clients. A configuration module, so no routing headers (ocpi.md 2.6). Each report is an event in the hub's
/// partner stream; a CONNECTED client's party counts as one the hub speaks for (pushes accepted, its sessions and CDRs
/// routed through the hub), an OFFLINE or SUSPENDED one does not.
/// </summary>
public static class HubClientInfo
{
    public static OcpiResult? Refuse(Partner hub, string countryCode, string partyId, JsonElement body, FieldErrors errors)
    {
        if (!hub.HasRole("HUB"))
            return OcpiResult.NotFound("Only a hub reports client info");
        ClientInfo.TryRead(body, out _, out var found);
        errors.Include("", found);
        if (!errors.IsValid)
            return OcpiResult.InvalidParameters(ReceivedObjects.Describe(errors));
        return ReceivedObjects.Mismatch(new ObjectAddress("hubclientinfo", countryCode, partyId, ""), body) is { } mismatch && !mismatch.StartsWith("id", StringComparison.Ordinal)
            ? OcpiResult.InvalidParameters(mismatch) : null;
    }

    public static void MapHubClientInfo(this IEndpointRouteBuilder configuration)
    {
        const string path = "/" + OcpiUrls.Version + "/hubclientinfo/{cc}/{pid}";
        configuration.MapGet(path, (string cc, string pid, HttpContext http) =>
        {
            var hub = OcpiGate.CallerOf(http);
            var client = (hub.HubClients ?? []).FirstOrDefault(c => c.IsParty(cc, pid));
            return client is null ? OcpiResult.NotFound($"Unknown client {cc}*{pid}") : OcpiResult.Ok(new Dictionary<string, object>
            {
                ["country_code"] = client.CountryCode, ["party_id"] = client.PartyId, ["role"] = client.Role, ["status"] = client.Status,
                ["last_updated"] = client.LastUpdated,
            });
        });
        configuration.MapPut(path, async (string cc, string pid, HttpContext http, IOcpiStore store, IClock clock) =>
        {
            var hub = OcpiGate.CallerOf(http);
            if (hub.Status != PartnerStatus.Registered)
                return OcpiResult.Unauthorized("This token may only be used on versions and credentials");
            var (body, bad) = await OcpiBody.Read(http.Request);
            if (bad is not null)
                return bad;
            if (Refuse(hub, cc, pid, body, new FieldErrors()) is { } refused)
                return refused;
            var now = clock.GetCurrentInstant();
            await using var session = store.LightweightSession().Stamp(new EventContext($"partner:{hub.Id}", now));
            // Locked: a hub reports its clients in parallel, each report folding into the hub's client list (StreamLocks).
            var stream = await session.Events.FetchForExclusiveWriting<Partner>(hub.Id, http.RequestAborted);
            var existing = ((stream.Aggregate ?? hub).HubClients ?? []).Any(c => c.IsParty(cc, pid));
            stream.AppendOne(new HubClientReported(hub.Id, new HubClientParty(cc.ToUpperInvariant(), pid.ToUpperInvariant(),
                ReceivedObjects.Text(body, "role")!, ReceivedObjects.Text(body, "status")!,
                OcpiDateTime.TryParse(ReceivedObjects.Text(body, "last_updated"))!.Value), now));
            await session.SaveChangesAsync(http.RequestAborted);
            return existing ? OcpiResult.Ok() : OcpiResult.Created();
        });
    }
}
