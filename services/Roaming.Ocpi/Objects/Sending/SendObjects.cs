using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Objects.Sending;

/// <summary>
/// The sender interfaces, paginated: our locations, sessions, CDRs and tariffs (CPO), our tokens (eMSP). A partner sees
/// locations and tariffs, and only the sessions and CDRs of its own eMSP parties.
/// </summary>
public static class SendObjects
{
    public static void MapSenders(this IEndpointRouteBuilder ocpi)
    {
        ocpi.MapGet("/cpo/locations", (HttpContext http, OwnObjectPages pages, HolderFields holders) => List(http, pages, holders, Modules.Locations));
        ocpi.MapGet("/cpo/sessions", (HttpContext http, OwnObjectPages pages, HolderFields holders) => List(http, pages, holders, Modules.Sessions));
        ocpi.MapGet("/cpo/cdrs", (HttpContext http, OwnObjectPages pages, HolderFields holders) => List(http, pages, holders, Modules.Cdrs));
        ocpi.MapGet("/cpo/tariffs", (HttpContext http, OwnObjectPages pages, HolderFields holders) => List(http, pages, holders, Modules.Tariffs));
        ocpi.MapGet("/emsp/tokens", (HttpContext http, OwnObjectPages pages, HolderFields holders) => List(http, pages, holders, Modules.Tokens));
        ocpi.MapGet("/cpo/locations/{id}", (string id, HttpContext http, IOcpiStore store, OwnPlatform own) => Location(http, store, own, id, null, null));
        ocpi.MapGet("/cpo/locations/{id}/{evse}", (string id, string evse, HttpContext http, IOcpiStore store, OwnPlatform own) =>
            Location(http, store, own, id, evse, null));
        ocpi.MapGet("/cpo/locations/{id}/{evse}/{connector}", (string id, string evse, string connector, HttpContext http, IOcpiStore store,
            OwnPlatform own) => Location(http, store, own, id, evse, connector));
    }

    /// <summary>Whether a partner may see one of our objects (what <see cref="OwnObjectPages"/> filters in the database).</summary>
    public static bool Visible(OcpiObject own, Partner partner) =>
        own.Owner == Owners.Self && !own.Removed &&
        (own.Module is not (Modules.Sessions or Modules.Cdrs) ||
         own.SharedWithCountryCode is not null && own.SharedWithPartyId is not null && partner.SpeaksFor(own.SharedWithCountryCode, own.SharedWithPartyId));

    private static async Task<OcpiResult> List(HttpContext http, OwnObjectPages pages, HolderFields holders, string module)
    {
        var page = Paging.Parse(http.Request.Query, out var error);
        if (page is null)
            return OcpiResult.InvalidParameters(error!);
        // Filtered, ordered (oldest first by creation, then id: stable across pages, ocpi.md 2.7) and paged in PostgreSQL.
        var found = await pages.Read(module, page, OcpiGate.CallerOf(http), http.RequestAborted);
        var items = (await holders.Reveal(module, found.Jsons, http.RequestAborted)).Select(json => JsonDocument.Parse(json).RootElement).ToList();
        return Paging.Page(http.Request, page, items, found.Total, found.Last, found.More);
    }

    private static async Task<OcpiResult> Location(HttpContext http, IOcpiStore store, OwnPlatform own, string id, string? evseUid, string? connectorId)
    {
        await using var session = store.QuerySession();
        var location = await session.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Locations, own.CountryCode, own.PartyId, id), http.RequestAborted);
        if (location is null || location.Removed)
            return OcpiResult.NotFound($"Unknown location {id}", OcpiStatus.UnknownLocation);
        var node = JsonDocument.Parse(location.Json).RootElement;
        if (evseUid is null)
            return OcpiResult.Ok(node);
        var evse = Child(node, "evses", "uid", evseUid);
        if (evse is null)
            return OcpiResult.NotFound($"Unknown EVSE {evseUid}");
        if (connectorId is null)
            return OcpiResult.Ok(evse.Value);
        var connector = Child(evse.Value, "connectors", "id", connectorId);
        return connector is null ? OcpiResult.NotFound($"Unknown connector {connectorId}") : OcpiResult.Ok(connector.Value);
    }

    private static JsonElement? Child(JsonElement parent, string list, string idField, string id)
    {
        if (!parent.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetProperty(idField, out var value) && string.Equals(value.GetString(), id, StringComparison.OrdinalIgnoreCase))
                return item;
        }
        return null;
    }
}
