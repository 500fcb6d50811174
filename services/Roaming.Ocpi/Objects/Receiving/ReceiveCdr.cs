using System.Net;
using Marten;
using Microsoft.AspNetCore.Http;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Ocpi.Objects;

namespace Roaming.Ocpi.Objects.Receiving;

/// <summary>
/// <c>POST {cdrs}</c>: a CDR is stored once per (country_code, party_id, id). POST is not idempotent, so a replay of a
/// stored CDR is answered as a success with its Location, and nothing new is stored (ocpi.md 7.20).
/// </summary>
public static class ReceiveCdr
{
    public static Reception Decide(Partner partner, System.Text.Json.JsonElement body, OcpiObject? existing, Instant now, out ObjectAddress? address)
    {
        address = null;
        if (ModuleObjectRules.Cdr(body) is { IsValid: false } errors)
            return Reception.Refused(OcpiResult.InvalidParameters(ReceivedObjects.Describe(errors)));
        address = AddressOf(body);
        if (ReceivedObjects.RefuseParty(partner, address) is { } refused)
            return Reception.Refused(refused);
        if (existing is not null)
            return new Reception(null, null, false);
        return new Reception(ReceivedObjects.Store(partner, address, body.GetRawText(), null, now, body), null, true);
    }

    public static ObjectAddress AddressOf(System.Text.Json.JsonElement body) => new(Modules.Cdrs,
        ReceivedObjects.Text(body, "country_code")!, ReceivedObjects.Text(body, "party_id")!, ReceivedObjects.Text(body, "id")!);

    public static async Task<OcpiResult> Handle(HttpContext http, IOcpiStore store, IClock clock, HolderFields holders)
    {
        var (body, bad) = await OcpiBody.Read(http.Request);
        if (bad is not null)
            return bad;
        var partner = OcpiGate.CallerOf(http);
        var now = clock.GetCurrentInstant();
        await using var session = ReceiveObjects.Session(store, partner, now);
        var key = body.ValueKind == System.Text.Json.JsonValueKind.Object && ReceivedObjects.Text(body, "id") is not null
            && ReceivedObjects.Text(body, "country_code") is not null && ReceivedObjects.Text(body, "party_id") is not null
            ? AddressOf(body).Key : null;
        var existing = key is null ? null : await session.LoadAsync<OcpiObject>(key, http.RequestAborted);
        var reception = await ReceiveObjects.Protected(Decide(partner, body, existing, now, out var address), holders, http.RequestAborted);
        if (reception.Refusal is not null)
            return reception.Refusal;
        var location = OcpiUrls.Module(OcpiUrls.BaseUrl(http.Request), $"emsp/cdrs/{address!.CountryCode}/{address.PartyId}/{address.ObjectId}");
        if (reception.Stored is null)
            return OcpiResult.Ok().WithHeader("Location", location);
        // Two racing deliveries of one CDR (or a push racing a pull) cannot both commit.
        await ReconcilingCdrs.StartStream(session, reception.Stored, address, body, "partner", http.RequestAborted);
        try
        {
            await session.SaveChangesAsync(http.RequestAborted);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            return OcpiResult.Ok().WithHeader("Location", location);
        }
        return new OcpiResult(HttpStatusCode.Created, OcpiStatus.Success, null, null).WithHeader("Location", location);
    }
}
