using System.Net;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;
using Roaming.Ocpi.Objects;

namespace Roaming.Ocpi.Objects.Receiving;

/// <summary>
/// The receiver interfaces: as eMSP we store partner CPOs' locations, sessions, tariffs and CDRs; as CPO we store
/// partner eMSPs' tokens (which also go to the Tokens service, see OcpiIntegrationEvents).
/// </summary>
public static class ReceiveObjects
{
    public static void MapReceivers(this IEndpointRouteBuilder ocpi)
    {
        const string locations = "/emsp/locations/{cc}/{pid}/{id}";
        ocpi.MapGet(locations, (string cc, string pid, string id, HttpContext http, IOcpiStore store, HolderFields holders) =>
            GetOwn(http, store, holders, new ObjectAddress(Modules.Locations, cc, pid, id)));
        ocpi.MapPut(locations, (string cc, string pid, string id, HttpContext http, IOcpiStore store, IClock clock, HolderFields holders) =>
            Receive(http, store, clock, holders, new ObjectAddress(Modules.Locations, cc, pid, id), ModuleObjectRules.Location, patch: false));
        ocpi.MapPatch(locations, (string cc, string pid, string id, HttpContext http, IOcpiStore store, IClock clock, HolderFields holders) =>
            Receive(http, store, clock, holders, new ObjectAddress(Modules.Locations, cc, pid, id), ModuleObjectRules.Location, patch: true));
        foreach (var patch in new[] { false, true })
        {
            var method = patch ? HttpMethods.Patch : HttpMethods.Put;
            ocpi.MapMethods(locations + "/{evse}", [method], (string cc, string pid, string id, string evse, HttpContext http, IOcpiStore store, IClock clock) =>
                ReceiveChild(http, store, clock, new ObjectAddress(Modules.Locations, cc, pid, id), evse, null, patch));
            ocpi.MapMethods(locations + "/{evse}/{connector}", [method], (string cc, string pid, string id, string evse, string connector, HttpContext http,
                IOcpiStore store, IClock clock) => ReceiveChild(http, store, clock, new ObjectAddress(Modules.Locations, cc, pid, id), evse, connector, patch));
        }

        const string sessions = "/emsp/sessions/{cc}/{pid}/{id}";
        ocpi.MapGet(sessions, (string cc, string pid, string id, HttpContext http, IOcpiStore store, HolderFields holders) =>
            GetOwn(http, store, holders, new ObjectAddress(Modules.Sessions, cc, pid, id)));
        ocpi.MapPut(sessions, (string cc, string pid, string id, HttpContext http, IOcpiStore store, IClock clock, HolderFields holders) =>
            Receive(http, store, clock, holders, new ObjectAddress(Modules.Sessions, cc, pid, id), ModuleObjectRules.Session, patch: false));
        ocpi.MapPatch(sessions, (string cc, string pid, string id, HttpContext http, IOcpiStore store, IClock clock, HolderFields holders) =>
            Receive(http, store, clock, holders, new ObjectAddress(Modules.Sessions, cc, pid, id), ModuleObjectRules.Session, patch: true));

        const string tariffs = "/emsp/tariffs/{cc}/{pid}/{id}";
        ocpi.MapGet(tariffs, (string cc, string pid, string id, HttpContext http, IOcpiStore store, HolderFields holders) =>
            GetOwn(http, store, holders, new ObjectAddress(Modules.Tariffs, cc, pid, id)));
        ocpi.MapPut(tariffs, (string cc, string pid, string id, HttpContext http, IOcpiStore store, IClock clock, HolderFields holders) =>
            Receive(http, store, clock, holders, new ObjectAddress(Modules.Tariffs, cc, pid, id), ModuleObjectRules.Tariff, patch: false));
        ocpi.MapDelete(tariffs, (string cc, string pid, string id, HttpContext http, IOcpiStore store, IClock clock) =>
            RemoveTariff(http, store, clock, new ObjectAddress(Modules.Tariffs, cc, pid, id)));

        const string tokens = "/cpo/tokens/{cc}/{pid}/{uid}";
        ocpi.MapGet(tokens, (string cc, string pid, string uid, string? type, HttpContext http, IOcpiStore store, HolderFields holders) =>
            GetOwn(http, store, holders, new ObjectAddress(Modules.Tokens, cc, pid, uid, type ?? "RFID")));
        ocpi.MapPut(tokens, (string cc, string pid, string uid, string? type, HttpContext http, IOcpiStore store, IClock clock, HolderFields holders) =>
            Receive(http, store, clock, holders, new ObjectAddress(Modules.Tokens, cc, pid, uid, type ?? "RFID"), ModuleObjectRules.Token, patch: false));
        ocpi.MapPatch(tokens, (string cc, string pid, string uid, string? type, HttpContext http, IOcpiStore store, IClock clock, HolderFields holders) =>
            Receive(http, store, clock, holders, new ObjectAddress(Modules.Tokens, cc, pid, uid, type ?? "RFID"), ModuleObjectRules.Token, patch: true));

        ocpi.MapPost("/emsp/cdrs", (HttpContext http, IOcpiStore store, IClock clock, HolderFields holders) => ReceiveCdr.Handle(http, store, clock, holders));
        ocpi.MapGet("/emsp/cdrs/{cc}/{pid}/{id}", (string cc, string pid, string id, HttpContext http, IOcpiStore store, HolderFields holders) =>
            GetOwn(http, store, holders, new ObjectAddress(Modules.Cdrs, cc, pid, id)));
    }

    private static async Task<OcpiResult> Receive(HttpContext http, IOcpiStore store, IClock clock, HolderFields holders, ObjectAddress address,
        ObjectRules rules, bool patch)
    {
        var (body, bad) = await OcpiBody.Read(http.Request);
        if (bad is not null)
            return bad;
        var partner = OcpiGate.CallerOf(http);
        var now = clock.GetCurrentInstant();
        await using var session = Session(store, partner, now);
        var stream = await Lock(session, address.Key, http.RequestAborted);
        var existing = stream.Aggregate;
        // A PATCH merges into the stored object in clear, so that all its holder fields are protected again under the
        // contract the merged object names (a PATCH may change the contract id).
        if (patch && existing is not null)
            existing = existing with { Json = await holders.Reveal(address.Module, existing.Json, http.RequestAborted) };
        var reception = patch
            ? ReceivedObjects.Patch(partner, address, body, rules, existing, now)
            : ReceivedObjects.Put(partner, address, body, rules, existing, now);
        return await Save(session, stream, await Protected(reception, holders, http.RequestAborted), http.RequestAborted);
    }

    private static async Task<OcpiResult> ReceiveChild(HttpContext http, IOcpiStore store, IClock clock, ObjectAddress location,
        string evseUid, string? connectorId, bool patch)
    {
        var (body, bad) = await OcpiBody.Read(http.Request);
        if (bad is not null)
            return bad;
        var partner = OcpiGate.CallerOf(http);
        var now = clock.GetCurrentInstant();
        await using var session = Session(store, partner, now);
        var stream = await Lock(session, location.Key, http.RequestAborted);
        var existing = stream.Aggregate;
        return await Save(session, stream, LocationTree.Change(partner, location, evseUid, connectorId, body, patch, existing, now), http.RequestAborted);
    }

    private static async Task<OcpiResult> RemoveTariff(HttpContext http, IOcpiStore store, IClock clock, ObjectAddress address)
    {
        var partner = OcpiGate.CallerOf(http);
        if (ReceivedObjects.RefuseParty(partner, address) is { } refused)
            return refused;
        var now = clock.GetCurrentInstant();
        await using var session = Session(store, partner, now);
        var stream = await Lock(session, address.Key, http.RequestAborted);
        var existing = stream.Aggregate;
        if (existing is null || existing.Removed)
            return OcpiResult.NotFound($"Unknown tariff {address.ObjectId}");
        return await Save(session, stream, new Reception(existing with { Removed = true, LastUpdated = now }, null, false), http.RequestAborted);
    }

    /// <summary>GET on a receiver interface: only the caller's own objects (no leaks across platforms, ocpi.md 7.18).</summary>
    private static async Task<OcpiResult> GetOwn(HttpContext http, IOcpiStore store, HolderFields holders, ObjectAddress address)
    {
        var partner = OcpiGate.CallerOf(http);
        if (ReceivedObjects.RefuseParty(partner, address) is { } refused)
            return refused;
        await using var session = store.QuerySession();
        var stored = await session.LoadAsync<OcpiObject>(address.Key, http.RequestAborted);
        return stored is null || stored.Removed || stored.Owner != partner.Id
            ? OcpiResult.NotFound($"Unknown {address.Module} object {address.ObjectId}")
            : OcpiResult.Ok(System.Text.Json.JsonDocument.Parse(await holders.Reveal(address.Module, stored.Json, http.RequestAborted)).RootElement);
    }

    internal static IDocumentSession Session(IOcpiStore store, Partner partner, Instant now) =>
        store.LightweightSession().Stamp(new EventContext($"partner:{partner.Id}", now));

    /// <summary>
    /// What is stored of a partner's object: validated in clear (the length rules apply to the clear values), then with
    /// the holder's data encrypted under the key of their contract (<see cref="HolderFields"/>).
    /// </summary>
    internal static async Task<Reception> Protected(Reception reception, HolderFields holders, CancellationToken cancellation) =>
        reception.Stored is { } stored
            ? reception with { Stored = stored with { Json = await holders.Protect(stored.Module, stored.Json, cancellation) } }
            : reception;

    /// <summary>
    /// Locks the stream of a partner's object: a partner pushes changes of one object in parallel (the EVSEs of a location),
    /// and the pull job stores the same objects, each from the object as it is now (StreamLocks).
    /// </summary>
    internal static Task<IEventStream<OcpiObject>> Lock(IDocumentSession session, string key, CancellationToken cancellation) =>
        session.Events.FetchForExclusiveWriting<OcpiObject>(key, cancellation);

    internal static async Task<OcpiResult> Save(IDocumentSession session, IEventStream<OcpiObject> stream, Reception reception, CancellationToken cancellation)
    {
        if (reception.Stored is null)
            return reception.Refusal!;
        stream.AppendOne(new OcpiObjectStored(reception.Stored, "partner"));
        await session.SaveChangesAsync(cancellation);
        return ReceivedObjects.Answer(reception);
    }
}
