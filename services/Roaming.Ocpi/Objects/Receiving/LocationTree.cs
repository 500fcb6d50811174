using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Ocpi.Objects;

namespace Roaming.Ocpi.Objects.Receiving;

/// <summary>
/// PUT and PATCH of an EVSE or a Connector inside a stored Location. The receiver sets the child's
/// <c>last_updated</c> on its parents, so a <c>date_from</c> pull finds the change (ocpi.md 4.1, 7.6).
/// </summary>
public static class LocationTree
{
    public static Reception Change(Partner partner, ObjectAddress location, string evseUid, string? connectorId, JsonElement body,
        bool patch, OcpiObject? existing, Instant now)
    {
        if (ReceivedObjects.RefuseParty(partner, location) is { } refused)
            return Reception.Refused(refused);
        if (patch && (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("last_updated", out _)))
            return Reception.Refused(OcpiResult.InvalidParameters("last_updated: a PATCH must contain last_updated"));
        var rules = connectorId is null ? ModuleObjectRules.Evse : ModuleObjectRules.Connector;
        // A PUT is checked as it came; a PATCH once merged into the stored child (below).
        if (!patch && rules(body) is { IsValid: false } errors)
            return Reception.Refused(OcpiResult.InvalidParameters(ReceivedObjects.Describe(errors)));
        var (idField, id) = connectorId is null ? ("uid", evseUid) : ("id", connectorId);
        if (ReceivedObjects.Text(body, idField) is { } bodyId && !string.Equals(bodyId, id, StringComparison.OrdinalIgnoreCase))
            return Reception.Refused(OcpiResult.InvalidParameters($"{idField}: '{bodyId}' differs from '{id}' in the URL"));
        if (existing is null || existing.Removed)
            return Reception.Refused(OcpiResult.Error(OcpiStatus.UnknownLocation, $"Unknown location {location.ObjectId}"));

        var root = JsonNode.Parse(existing.Json)!.AsObject();
        var evses = root["evses"] as JsonArray ?? [];
        root["evses"] = evses;
        var evse = Find(evses, "uid", evseUid);
        var lastUpdated = body.GetProperty("last_updated").GetString()!;
        var change = JsonNode.Parse(body.GetRawText())!.AsObject();
        var created = false;
        if (connectorId is null)
        {
            if (evse is null && patch)
                return Reception.Refused(OcpiResult.NotFound($"Unknown EVSE {evseUid}"));
            created = evse is null;
            var changed = patch ? JsonMerge.Patch(evse!, change, new HashSet<string>()) : change;
            if (patch && Refusal(rules, changed) is { } invalid)
                return invalid;
            Replace(evses, evse, changed);
        }
        else
        {
            if (evse is null)
                return Reception.Refused(OcpiResult.NotFound($"Unknown EVSE {evseUid}"));
            var connectors = evse["connectors"] as JsonArray ?? [];
            evse["connectors"] = connectors;
            var connector = Find(connectors, "id", connectorId);
            if (connector is null && patch)
                return Reception.Refused(OcpiResult.NotFound($"Unknown connector {connectorId}"));
            created = connector is null;
            var changed = patch ? JsonMerge.Patch(connector!, change, new HashSet<string>()) : change;
            if (patch && Refusal(rules, changed) is { } invalid)
                return invalid;
            Replace(connectors, connector, changed);
            evse["last_updated"] = lastUpdated;
        }
        root["last_updated"] = lastUpdated;
        var json = root.ToJsonString();
        using var document = JsonDocument.Parse(json);
        return new Reception(ReceivedObjects.Store(partner, location, json, existing, now, document.RootElement), null, created);
    }

    private static Reception? Refusal(ObjectRules rules, JsonObject merged)
    {
        using var document = JsonDocument.Parse(merged.ToJsonString());
        return rules(document.RootElement) is { IsValid: false } errors
            ? Reception.Refused(OcpiResult.InvalidParameters(ReceivedObjects.Describe(errors)))
            : null;
    }

    private static JsonObject? Find(JsonArray items, string idField, string id) =>
        items.OfType<JsonObject>().FirstOrDefault(item =>
            string.Equals(item[idField]?.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase));

    private static void Replace(JsonArray items, JsonObject? current, JsonObject replacement)
    {
        if (current is null)
        {
            items.Add(replacement);
            return;
        }
        var index = items.IndexOf(current);
        items[index] = replacement.Parent is null ? replacement : (JsonObject)replacement.DeepClone();
    }
}
