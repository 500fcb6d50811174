using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Ocpi.Objects;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Objects.Receiving;

/// <summary>Where a pushed object goes: module, owning party and id from the URL (client-owned object URLs, ocpi.md 2.2).</summary>
public sealed record ObjectAddress(string Module, string CountryCode, string PartyId, string ObjectId, string? TokenType = null)
{
    public string Key => OcpiObject.KeyFor(Module, CountryCode, PartyId, ObjectId, TokenType);
}

/// <summary>The outcome of a push: a new stored version of the object, or the OCPI answer that refuses it.</summary>
public sealed record Reception(OcpiObject? Stored, OcpiResult? Refusal, bool Created)
{
    public static Reception Refused(OcpiResult refusal) => new(null, refusal, false);
}

/// <summary>
/// Pure decisions for objects partners push to our receiver interfaces: ownership (the URL party must be one of the
/// pusher's credentials roles, else 404), URL/body agreement (2001), validation (2001, nothing stored), PATCH rules.
/// </summary>
public static class ReceivedObjects
{
    private static readonly IReadOnlySet<string> NoAppends = new HashSet<string>();
    private static readonly IReadOnlySet<string> SessionAppends = new HashSet<string> { "charging_periods" };

    public static OcpiResult? RefuseParty(Partner partner, ObjectAddress address) =>
        partner.SpeaksFor(address.CountryCode, address.PartyId)
            ? null
            : OcpiResult.NotFound($"{address.CountryCode}*{address.PartyId} is not a party of this platform's credentials");

    /// <summary>PUT of a whole object (location, session, tariff, token).</summary>
    public static Reception Put(Partner partner, ObjectAddress address, JsonElement body, ObjectRules rules, OcpiObject? existing, Instant now)
    {
        if (RefuseParty(partner, address) is { } refused)
            return Reception.Refused(refused);
        if (rules(body) is { IsValid: false } errors)
            return Reception.Refused(OcpiResult.InvalidParameters(Describe(errors)));
        if (Mismatch(address, body) is { } mismatch)
            return Reception.Refused(OcpiResult.InvalidParameters(mismatch));
        return new Reception(Store(partner, address, body.GetRawText(), existing, now, body), null, existing is null || existing.Removed);
    }

    /// <summary>PATCH: only changed fields, and always <c>last_updated</c>; the object must exist, and the merged one must be valid.</summary>
    public static Reception Patch(Partner partner, ObjectAddress address, JsonElement body, ObjectRules rules, OcpiObject? existing, Instant now)
    {
        if (RefuseParty(partner, address) is { } refused)
            return Reception.Refused(refused);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("last_updated", out _))
            return Reception.Refused(OcpiResult.InvalidParameters("last_updated: a PATCH must contain last_updated"));
        if (existing is null || existing.Removed)
            return Reception.Refused(OcpiResult.NotFound($"No {address.Module} object {address.ObjectId} to patch"));
        if (Mismatch(address, body) is { } mismatch)
            return Reception.Refused(OcpiResult.InvalidParameters(mismatch));
        var merged = JsonMerge.Patch(JsonNode.Parse(existing.Json)!.AsObject(), JsonNode.Parse(body.GetRawText())!.AsObject(),
            address.Module == Modules.Sessions ? SessionAppends : NoAppends);
        using var document = JsonDocument.Parse(merged.ToJsonString());
        // A PATCH is checked as the object it makes, so a field it leaves out is not "missing".
        if (rules(document.RootElement) is { IsValid: false } errors)
            return Reception.Refused(OcpiResult.InvalidParameters(Describe(errors)));
        return new Reception(Store(partner, address, merged.ToJsonString(), existing, now, document.RootElement), null, false);
    }

    public static OcpiObject Store(Partner partner, ObjectAddress address, string json, OcpiObject? existing, Instant now, JsonElement body)
    {
        var lastUpdated = body.TryGetProperty("last_updated", out var value) && OcpiDateTime.TryParse(value.GetString()) is { } at ? at : now;
        var (sharedCc, sharedPid) = SharedWith(body);
        return new OcpiObject(address.Key, address.Module, address.CountryCode.ToUpperInvariant(), address.PartyId.ToUpperInvariant(),
            address.ObjectId, partner.Id, json, lastUpdated, existing?.FirstStoredAt ?? now, sharedCc, sharedPid);
    }

    /// <summary>The eMSP party a session or CDR belongs to (its cdr_token).</summary>
    public static (string? CountryCode, string? PartyId) SharedWith(JsonElement body) =>
        body.TryGetProperty("cdr_token", out var token) && token.ValueKind == JsonValueKind.Object
            ? (Text(token, "country_code")?.ToUpperInvariant(), Text(token, "party_id")?.ToUpperInvariant())
            : (null, null);

    /// <summary>The cc/pid/id in the URL must equal those in the body (ocpi.md 2.2); fields absent from a PATCH are not compared.</summary>
    public static string? Mismatch(ObjectAddress address, JsonElement body)
    {
        var idField = address.Module == Modules.Tokens ? "uid" : "id";
        foreach (var (field, expected) in new[] { ("country_code", address.CountryCode), ("party_id", address.PartyId), (idField, address.ObjectId) })
        {
            var actual = Text(body, field);
            if (actual is not null && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                return $"{field}: '{actual}' differs from '{expected}' in the URL";
        }
        // Tokens are keyed by (uid, type); the URL's ?type= (RFID when absent) must be the body's type (ocpi.md 7.10).
        if (address.TokenType is not null && Text(body, "type") is { } type && !string.Equals(type, address.TokenType, StringComparison.OrdinalIgnoreCase))
            return $"type: '{type}' differs from '{address.TokenType}' in the URL (?type=, RFID when absent)";
        return null;
    }

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string Describe(FieldErrors errors) =>
        string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));

    public static OcpiResult Answer(Reception reception) =>
        reception.Refusal ?? (reception.Created ? new OcpiResult(HttpStatusCode.Created, OcpiStatus.Success, null, null) : OcpiResult.Ok());
}
