using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Network.V1;
using Roaming.Contracts.Tokens.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Transport;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Feeding;

/// <summary>The eMSP side of a session's token, as it goes into cdr_token.</summary>
public sealed record TokenReference(string CountryCode, string PartyId, string Uid, string Type, string ContractId);

/// <summary>
/// Pure translations from other services' messages into the OCPI objects of our own party that our sender interfaces
/// serve and push. The OCPI JSON comes from the owning service where it sends it (Location, Tariff, CDR); sessions
/// and tokens are built here from the contract fields.
/// </summary>
public static class OwnObjects
{
    public static OcpiObject? Location(LocationChanged changed, OcpiObject? existing, Instant now) =>
        changed.LocationJson is null ? null : Own(Modules.Locations, changed.CountryCode, changed.PartyId, changed.LocationId, changed.LocationJson,
            changed.LastUpdated, existing, now);

    /// <summary>
    /// Our stored location with one EVSE's live status: the EVSE's <c>last_updated</c> is when the charger's frame was
    /// received, and the location's moves with it (OCPI: a child's change is a change of its parents). Null when we do not
    /// serve that location or EVSE yet (the next LocationChanged brings it).
    /// </summary>
    public static OcpiObject? LocationWithEvseStatus(EvseStatusChanged changed, OcpiObject? location)
    {
        if (location is null || location.Removed)
            return null;
        var json = JsonNode.Parse(location.Json)!.AsObject();
        var evse = (json["evses"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => e["uid"] is JsonValue uid && uid.TryGetValue<string>(out var text) && string.Equals(text, changed.EvseUid, StringComparison.OrdinalIgnoreCase));
        if (evse is null)
            return null;
        var at = OcpiDateTime.Format(changed.ReceivedAt);
        evse["status"] = changed.Status;
        evse["last_updated"] = at;
        var lastUpdated = Instant.Max(location.LastUpdated, changed.ReceivedAt);
        json["last_updated"] = OcpiDateTime.Format(lastUpdated);
        return location with { Json = json.ToJsonString(), LastUpdated = lastUpdated };
    }

    public static OcpiObject? Tariff(TariffChanged changed, OcpiObject? existing, Instant now)
    {
        if (changed.Removed)
            return existing is null ? null : existing with { Removed = true, LastUpdated = changed.LastUpdated };
        return changed.TariffJson is null ? null
            : Own(Modules.Tariffs, changed.CountryCode, changed.PartyId, changed.TariffId, changed.TariffJson, changed.LastUpdated, existing, now);
    }

    /// <summary>Our own tokens only: partner tokens also pass through Tokens, but we are not their eMSP.</summary>
    public static OcpiObject? Token(TokenChanged changed, string ownCountryCode, string ownPartyId, OcpiObject? existing, Instant now)
    {
        if (!string.Equals(changed.CountryCode, ownCountryCode, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(changed.PartyId, ownPartyId, StringComparison.OrdinalIgnoreCase))
            return null;
        var token = new JsonObject
        {
            ["country_code"] = changed.CountryCode, ["party_id"] = changed.PartyId, ["uid"] = changed.Uid, ["type"] = changed.Type,
            ["contract_id"] = changed.ContractId, ["issuer"] = changed.Issuer, ["valid"] = changed.Valid, ["whitelist"] = changed.Whitelist,
            ["last_updated"] = OcpiDateTime.Format(changed.LastUpdated),
        };
        if (changed.GroupId is not null)
            token["group_id"] = changed.GroupId;
        return Own(Modules.Tokens, changed.CountryCode, changed.PartyId, changed.Uid, token.ToJsonString(), changed.LastUpdated, existing, now,
            tokenType: changed.Type);
    }

    public static OcpiObject ActiveSession(ChargingSessionStarted started, TokenReference token, string currency, Instant now)
    {
        var session = new JsonObject
        {
            ["country_code"] = started.CountryCode, ["party_id"] = started.PartyId, ["id"] = started.SessionId,
            ["start_date_time"] = OcpiDateTime.Format(started.StartedAt), ["kwh"] = 0,
            ["cdr_token"] = CdrToken(token), ["auth_method"] = started.AuthMethod ?? "WHITELIST", ["location_id"] = started.LocationId,
            ["evse_uid"] = started.EvseUid, ["connector_id"] = started.ConnectorId, ["meter_id"] = started.ChargePointId,
            ["currency"] = currency, ["status"] = "ACTIVE", ["last_updated"] = OcpiDateTime.Format(now),
        };
        if (started.AuthorizationReference is not null)
            session["authorization_reference"] = started.AuthorizationReference;
        return Own(Modules.Sessions, started.CountryCode, started.PartyId, started.SessionId, session.ToJsonString(), now, null, now,
            token.CountryCode, token.PartyId);
    }

    /// <summary>The session completed with the CDR's figures, so the eMSP sees the same totals on both.</summary>
    public static OcpiObject CompletedSession(JsonObject cdr, OcpiObject? active, Instant now)
    {
        var session = active is null ? new JsonObject() : JsonNode.Parse(active.Json)!.AsObject();
        var sessionId = cdr["session_id"]?.GetValue<string>() ?? cdr["id"]!.GetValue<string>();
        var location = cdr["cdr_location"]!.AsObject();
        session["country_code"] = cdr["country_code"]!.DeepClone();
        session["party_id"] = cdr["party_id"]!.DeepClone();
        session["id"] = sessionId;
        session["start_date_time"] = cdr["start_date_time"]!.DeepClone();
        session["end_date_time"] = cdr["end_date_time"]!.DeepClone();
        session["kwh"] = cdr["total_energy"]!.DeepClone();
        session["cdr_token"] = cdr["cdr_token"]!.DeepClone();
        session["auth_method"] = cdr["auth_method"]!.DeepClone();
        session["authorization_reference"] = cdr["authorization_reference"]?.DeepClone();
        if (session["authorization_reference"] is null)
            session.Remove("authorization_reference");
        session["location_id"] = location["id"]!.DeepClone();
        session["evse_uid"] = location["evse_uid"]!.DeepClone();
        session["connector_id"] = location["connector_id"]!.DeepClone();
        session["currency"] = cdr["currency"]!.DeepClone();
        session["charging_periods"] = cdr["charging_periods"]!.DeepClone();
        session["total_cost"] = cdr["total_cost"]!.DeepClone();
        session["status"] = "COMPLETED";
        session["last_updated"] = cdr["last_updated"]!.DeepClone();
        var token = cdr["cdr_token"]!.AsObject();
        return Own(Modules.Sessions, cdr["country_code"]!.GetValue<string>(), cdr["party_id"]!.GetValue<string>(), sessionId, session.ToJsonString(),
            OcpiDateTime.TryParse(cdr["last_updated"]!.GetValue<string>()) ?? now, active, now,
            token["country_code"]?.GetValue<string>(), token["party_id"]?.GetValue<string>());
    }

    public static OcpiObject Cdr(CdrIssued issued, JsonObject cdr, Instant now)
    {
        var token = cdr["cdr_token"]!.AsObject();
        return Own(Modules.Cdrs, issued.CountryCode, issued.PartyId, issued.CdrId, issued.CdrJson!,
            OcpiDateTime.TryParse(cdr["last_updated"]?.GetValue<string>()) ?? now, null, now,
            token["country_code"]?.GetValue<string>(), token["party_id"]?.GetValue<string>());
    }

    public static JsonObject CdrToken(TokenReference token) => new()
    {
        ["country_code"] = token.CountryCode, ["party_id"] = token.PartyId, ["uid"] = token.Uid, ["type"] = token.Type,
        ["contract_id"] = token.ContractId,
    };

    /// <summary>A token we know nothing about still goes into the session (ocpi.md 4.6); it is attributed to our own party.</summary>
    public static TokenReference ReferenceOf(OcpiObject? token, string? uid, string ownCountryCode, string ownPartyId)
    {
        if (token is not null)
        {
            using var document = JsonDocument.Parse(token.Json);
            var root = document.RootElement;
            return new TokenReference(token.CountryCode, token.PartyId, ReceivedObjects.Text(root, "uid")!, ReceivedObjects.Text(root, "type") ?? "RFID",
                ReceivedObjects.Text(root, "contract_id") ?? token.ObjectId);
        }
        return new TokenReference(ownCountryCode, ownPartyId, uid ?? "UNKNOWN", "OTHER", uid ?? "UNKNOWN");
    }

    private static OcpiObject Own(string module, string countryCode, string partyId, string id, string json, Instant lastUpdated, OcpiObject? existing,
        Instant now, string? sharedCountryCode = null, string? sharedPartyId = null, string? tokenType = null) =>
        new(OcpiObject.KeyFor(module, countryCode, partyId, id, tokenType), module, countryCode.ToUpperInvariant(), partyId.ToUpperInvariant(), id,
            Owners.Self, json, lastUpdated, existing?.FirstStoredAt ?? now, sharedCountryCode?.ToUpperInvariant(), sharedPartyId?.ToUpperInvariant());
}
