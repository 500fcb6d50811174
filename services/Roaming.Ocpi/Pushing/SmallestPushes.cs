using System.Text.Json.Nodes;
using Roaming.Ocpi.Transport;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Pushing;

/// <summary>One request to a receiver: the method, the path below the module URL (<c>cc/pid/id[/evse[/connector]]</c>) and the body.</summary>
public sealed record Push(string Method, IReadOnlyList<string> Path, string? Body);

/// <summary>
/// Pure: the smallest correct OCPI requests that bring a receiver from the version we last pushed to it to the current
/// one (ocpi.md 2.2). A PATCH carries only the fields that changed, always with <c>last_updated</c>; what PATCH cannot
/// express (a field or a child that disappeared, periods that do not extend the pushed ones) is a PUT at the smallest
/// level that holds it; a receiver that never got the object gets a PUT of the whole object.
/// </summary>
public static class SmallestPushes
{
    private const string LastUpdated = "last_updated";

    /// <summary>
    /// Location → EVSE → Connector. Changed Location fields are a Location PATCH, a changed EVSE a PATCH at
    /// <c>{location}/{evse_uid}</c>, a changed connector one at <c>{location}/{evse_uid}/{connector_id}</c>; a new EVSE or
    /// connector is a PUT at its level. Parents first, so the receiver has the EVSE before its connectors.
    /// </summary>
    public static IReadOnlyList<Push> Location(JsonObject? pushed, JsonObject current, string countryCode, string partyId)
    {
        var locationId = current["id"]!.GetValue<string>();
        string[] locationPath = [countryCode, partyId, locationId];
        var whole = new Push("PUT", locationPath, current.ToJsonString());
        if (pushed is null || !SameId(pushed, current, "id"))
            return [whole];
        var locationFields = ChangedFields(pushed, current, "evses");
        var pushedEvses = Children(pushed, "evses", "uid");
        var currentEvses = Children(current, "evses", "uid");
        // OCPI has no DELETE for an EVSE (it is REMOVED by status): one that vanished from the Location only a PUT can drop.
        if (locationFields is null || pushedEvses.Keys.Any(uid => !currentEvses.ContainsKey(uid)))
            return [whole];

        var pushes = new List<Push>();
        var locationUpdated = Text(current, LastUpdated);
        if (locationFields.Count > 0)
            pushes.Add(Patch(locationPath, locationFields, locationUpdated));
        foreach (var (uid, evse) in currentEvses)
        {
            string[] evsePath = [.. locationPath, uid];
            var wholeEvse = new Push("PUT", evsePath, evse.ToJsonString());
            if (!pushedEvses.TryGetValue(uid, out var pushedEvse))
            {
                pushes.Add(wholeEvse);
                continue;
            }
            var evseFields = ChangedFields(pushedEvse, evse, "connectors");
            var pushedConnectors = Children(pushedEvse, "connectors", "id");
            var currentConnectors = Children(evse, "connectors", "id");
            if (evseFields is null || pushedConnectors.Keys.Any(id => !currentConnectors.ContainsKey(id)))
            {
                pushes.Add(wholeEvse);
                continue;
            }
            var evseUpdated = Later(Text(evse, LastUpdated), locationUpdated);
            if (evseFields.Count > 0)
                pushes.Add(Patch(evsePath, evseFields, evseUpdated));
            foreach (var (connectorId, connector) in currentConnectors)
            {
                string[] connectorPath = [.. evsePath, connectorId];
                var connectorFields = pushedConnectors.TryGetValue(connectorId, out var pushedConnector) ? ChangedFields(pushedConnector, connector, null) : null;
                if (connectorFields is null)
                    pushes.Add(new Push("PUT", connectorPath, connector.ToJsonString()));
                else if (connectorFields.Count > 0)
                    pushes.Add(Patch(connectorPath, connectorFields, Later(Text(connector, LastUpdated), evseUpdated)));
            }
        }
        return pushes;
    }

    /// <summary>
    /// A Session PATCH carries every field that changed (status, kwh, total_cost, end_date_time, auth fields ...).
    /// <c>charging_periods</c> in a PATCH are appended by the receiver (ocpi.md 7.7), so only the periods after the pushed
    /// ones travel; when the current periods do not start with the pushed ones, or a field disappeared, it is a PUT.
    /// </summary>
    public static IReadOnlyList<Push> Session(JsonObject? pushed, JsonObject current, string countryCode, string partyId)
    {
        string[] path = [countryCode, partyId, current["id"]!.GetValue<string>()];
        var whole = new Push("PUT", path, current.ToJsonString());
        if (pushed is null || !SameId(pushed, current, "id"))
            return [whole];
        var fields = ChangedFields(pushed, current, "charging_periods");
        var pushedPeriods = pushed["charging_periods"] as JsonArray ?? [];
        var currentPeriods = current["charging_periods"] as JsonArray ?? [];
        if (fields is null || currentPeriods.Count < pushedPeriods.Count ||
            pushedPeriods.Select((period, i) => JsonNode.DeepEquals(period, currentPeriods[i])).Any(same => !same))
            return [whole];
        if (currentPeriods.Count > pushedPeriods.Count)
            fields["charging_periods"] = new JsonArray([.. currentPeriods.Skip(pushedPeriods.Count).Select(p => p?.DeepClone())]);
        return fields.Count == 0 ? [] : [Patch(path, fields, Text(current, LastUpdated))];
    }

    /// <summary>The fields of <paramref name="current"/> that differ from <paramref name="pushed"/>, without last_updated and
    /// the child list; null when a field of the pushed version is gone (a PATCH cannot remove a field).</summary>
    private static JsonObject? ChangedFields(JsonObject pushed, JsonObject current, string? children)
    {
        var changed = new JsonObject();
        foreach (var (name, value) in current)
        {
            if (name == LastUpdated || name == children)
                continue;
            if (!pushed.TryGetPropertyValue(name, out var before) || !JsonNode.DeepEquals(before, value))
                changed[name] = value?.DeepClone();
        }
        foreach (var (name, value) in pushed)
        {
            if (name != LastUpdated && name != children && value is not null && current[name] is null)
                return null;
        }
        return changed;
    }

    private static Push Patch(IReadOnlyList<string> path, JsonObject fields, string? lastUpdated)
    {
        fields[LastUpdated] = lastUpdated;
        return new Push("PATCH", path, fields.ToJsonString());
    }

    /// <summary>Children by id in their order; ids are CiStrings, compared without case.</summary>
    private static OrderedDictionary<string, JsonObject> Children(JsonObject parent, string list, string idField)
    {
        var children = new OrderedDictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in (parent[list] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Text(child, idField) is { } id)
                children.TryAdd(id, child);
        }
        return children;
    }

    private static bool SameId(JsonObject pushed, JsonObject current, string idField) =>
        string.Equals(Text(pushed, idField), Text(current, idField), StringComparison.OrdinalIgnoreCase);

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A child's PATCH is at least as recent as its parent's change: the receiver copies it onto the parents (ocpi.md 4.1).</summary>
    private static string? Later(string? child, string? parent) =>
        OcpiDateTime.TryParse(child) is { } c && OcpiDateTime.TryParse(parent) is { } p ? (c >= p ? child : parent) : child ?? parent;
}
