using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Reservations;
using V16 = Roaming.Ingest.Ocpp.V16.Messages;
using V201 = Roaming.Ingest.Ocpp.V201.Messages;

namespace Roaming.Ingest.Commands;

/// <summary>The OCPP CALL that carries a command to a charger of one version.</summary>
public sealed record CommandCall(string Action, JsonObject Payload);

/// <summary>A command that cannot be sent: the reason becomes the Detail of an Error answer.</summary>
public sealed record CommandRefusal(string Status, string Detail);

/// <summary>
/// Pure translation between ChargePointCommandRequested and OCPP: which CALL a command is for each version, and what
/// the charger's answer means. Connectors are addressed the OCPI way (location, EVSE uid, connector id: looked up in the
/// charger's registration) or, with a ChargePointId and no LocationId, by the OCPP connector id (2.0.1: EVSE from the
/// registration, or the parameter <c>evseId</c>).
/// </summary>
public static class ChargePointCommandCalls
{
    public static ConnectorMapping? FindMapping(ChargePoint chargePoint, ChargePointCommandRequested command) =>
        command.LocationId is null || command.EvseUid is null
            ? null
            : chargePoint.Connectors.FirstOrDefault(m => m.LocationId == command.LocationId && m.EvseUid == command.EvseUid
                && (command.ConnectorId is null || m.ConnectorId == command.ConnectorId));

    public static (int? Evse, int? Connector) OcppAddress(ChargePoint chargePoint, ChargePointCommandRequested command)
    {
        if (FindMapping(chargePoint, command) is { } mapping)
            return (mapping.OcppEvseId, mapping.OcppConnectorId);
        if (command.LocationId is null && int.TryParse(command.ConnectorId, NumberStyles.None, CultureInfo.InvariantCulture, out var connector))
        {
            var evse = command.Parameters.TryGetValue("evseId", out var given) && int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : chargePoint.FindConnector16(connector)?.OcppEvseId ?? connector;
            return (evse, connector);
        }
        return (null, null);
    }

    /// <param name="reservation">ReserveNow and CancelReservation: the reservation's OCPP id and terms (see <see cref="OcppReservation"/>).</param>
    public static Translation Translate(OcppVersion version, ChargePoint chargePoint, ChargePointCommandRequested command, OcppReservation? reservation = null)
    {
        if (command.Kind is ChargePointCommandKinds.ReserveNow or ChargePointCommandKinds.CancelReservation)
            return TranslateReservation(version, chargePoint, command, reservation);
        var (evse, connector) = OcppAddress(chargePoint, command);
        if (command.LocationId is not null && evse is null)
            return Refuse($"{chargePoint.Id} has no connector registered as {command.LocationId}/{command.EvseUid}/{command.ConnectorId}");
        var parameters = command.Parameters;
        var v16 = version == OcppVersion.V16;
        switch (command.Kind)
        {
            case ChargePointCommandKinds.StartTransaction:
                if (string.IsNullOrEmpty(command.IdTag))
                    return Refuse("StartTransaction needs an IdTag");
                return v16
                    ? Call("RemoteStartTransaction", new JsonObject { ["idTag"] = command.IdTag, ["connectorId"] = connector })
                    : Call("RequestStartTransaction", new JsonObject
                    {
                        ["idToken"] = new JsonObject { ["idToken"] = command.IdTag, ["type"] = parameters.GetValueOrDefault("idTokenType", "Central") },
                        ["remoteStartId"] = RemoteStartId(command.CommandId),
                        ["evseId"] = evse,
                    });
            case ChargePointCommandKinds.StopTransaction:
            {
                var transactionId = command.TransactionId
                    ?? (evse is { } e && connector is { } c ? chargePoint.OpenOn(e, c)?.TransactionId : null);
                if (transactionId is null)
                    return Refuse("StopTransaction needs a TransactionId or a connector with an open transaction");
                if (!v16)
                    return Call("RequestStopTransaction", new JsonObject { ["transactionId"] = transactionId });
                return int.TryParse(transactionId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? Call("RemoteStopTransaction", new JsonObject { ["transactionId"] = number })
                    : Refuse($"'{transactionId}' is not a 1.6 transaction id");
            }
            case ChargePointCommandKinds.UnlockConnector:
                if (connector is null)
                    return Refuse("UnlockConnector needs a connector");
                return v16
                    ? Call("UnlockConnector", new JsonObject { ["connectorId"] = connector })
                    : Call("UnlockConnector", new JsonObject { ["evseId"] = evse, ["connectorId"] = connector });
            case ChargePointCommandKinds.Reset:
            {
                var type = parameters.GetValueOrDefault("type", v16 ? "Soft" : "OnIdle");
                // Either version's words are understood: Hard = Immediate, Soft = OnIdle.
                type = (v16, type) switch
                {
                    (true, "Immediate") => "Hard",
                    (true, "OnIdle") => "Soft",
                    (false, "Hard") => "Immediate",
                    (false, "Soft") => "OnIdle",
                    _ => type,
                };
                return Call("Reset", new JsonObject { ["type"] = type });
            }
            case ChargePointCommandKinds.ChangeAvailability:
            {
                if (!parameters.TryGetValue("type", out var availability) && !parameters.TryGetValue("operationalStatus", out availability))
                    return Refuse("ChangeAvailability needs the parameter type (Operative or Inoperative)");
                return v16
                    ? Call("ChangeAvailability", new JsonObject { ["connectorId"] = connector ?? 0, ["type"] = availability })
                    : Call("ChangeAvailability", new JsonObject { ["operationalStatus"] = availability, ["evse"] = Evse(evse, connector) });
            }
            case ChargePointCommandKinds.TriggerMessage:
                if (!parameters.TryGetValue("requestedMessage", out var requested))
                    return Refuse("TriggerMessage needs the parameter requestedMessage");
                return v16
                    ? Call("TriggerMessage", new JsonObject { ["requestedMessage"] = requested, ["connectorId"] = connector })
                    : Call("TriggerMessage", new JsonObject { ["requestedMessage"] = requested, ["evse"] = Evse(evse, connector) });
            case ChargePointCommandKinds.ChangeConfiguration or ChargePointCommandKinds.SetVariables:
            {
                var settings = Settings(parameters);
                if (settings.Count == 0)
                    return Refuse("nothing to set: give key and value, or one parameter per setting");
                if (v16)
                    return settings.Count == 1
                        ? Call("ChangeConfiguration", new JsonObject { ["key"] = settings[0].Key, ["value"] = settings[0].Value })
                        : Refuse("1.6 ChangeConfiguration sets one key per command");
                var data = new JsonArray();
                foreach (var (key, value) in settings)
                {
                    if (ComponentVariable(key) is not { } target)
                        return Refuse($"'{key}' is not Component.Variable");
                    data.Add(new JsonObject { ["attributeValue"] = value, ["component"] = new JsonObject { ["name"] = target.Component }, ["variable"] = new JsonObject { ["name"] = target.Variable } });
                }
                return Call("SetVariables", new JsonObject { ["setVariableData"] = data });
            }
            case ChargePointCommandKinds.GetConfiguration or ChargePointCommandKinds.GetVariables:
            {
                var keys = parameters.Keys.Where(k => k != "evseId").ToList();
                if (v16)
                    return Call("GetConfiguration", keys.Count == 0 ? [] : new JsonObject { ["key"] = new JsonArray(keys.Select(k => (JsonNode)k!).ToArray()) });
                if (keys.Count == 0)
                    return Refuse("GetVariables needs at least one Component.Variable parameter");
                var data = new JsonArray();
                foreach (var key in keys)
                {
                    if (ComponentVariable(key) is not { } target)
                        return Refuse($"'{key}' is not Component.Variable");
                    data.Add(new JsonObject { ["component"] = new JsonObject { ["name"] = target.Component }, ["variable"] = new JsonObject { ["name"] = target.Variable } });
                }
                return Call("GetVariables", new JsonObject { ["getVariableData"] = data });
            }
            default:
                return Refuse($"unknown command kind '{command.Kind}'");
        }
    }

    /// <summary>
    /// ReserveNow for an EVSE (its first connector in 1.6; the EVSE in 2.0.1) or, without an EVSE uid, for any connector
    /// (1.6 connectorId 0; 2.0.1 without evseId). CancelReservation by the reservation's OCPP id.
    /// </summary>
    private static Translation TranslateReservation(OcppVersion version, ChargePoint chargePoint, ChargePointCommandRequested command, OcppReservation? reservation)
    {
        if (reservation is null)
            return Refuse($"{command.Kind} needs the parameter {ChargePointCommandParameters.ReservationKey}");
        if (command.Kind == ChargePointCommandKinds.CancelReservation)
            return version == OcppVersion.V16
                ? Call("CancelReservation", Payload(new V16.CancelReservationRequest(reservation.Id)))
                : Call("CancelReservation", Payload(new V201.CancelReservationRequest(reservation.Id)));
        var mapping = command.EvseUid is null ? null : FindMapping(chargePoint, command);
        if (command.EvseUid is not null && mapping is null)
            return Refuse($"{chargePoint.Id} has no connector registered as {command.LocationId}/{command.EvseUid}");
        var expiry = reservation.ExpiresAt.ToDateTimeOffset();
        return version == OcppVersion.V16
            ? Call("ReserveNow", Payload(new V16.ReserveNowRequest(mapping?.OcppConnectorId ?? 0, expiry, reservation.IdTag, reservation.Id)))
            : Call("ReserveNow", Payload(new V201.ReserveNowRequest(reservation.Id, expiry,
                new V201.IdTokenType(reservation.IdTag, Enum.TryParse<V201.IdTokenEnumType>(command.Parameters.GetValueOrDefault("idTokenType"), out var type)
                    ? type : V201.IdTokenEnumType.Central), EvseId: mapping?.OcppEvseId)));
    }

    private static JsonObject Payload<T>(T message) => JsonSerializer.SerializeToNode(message, OcppJson.Options)!.AsObject();

    /// <summary>What the charger's answer means: Accepted for any positive status, Rejected (with the status) otherwise.</summary>
    public static (string Status, string? Detail, string? ResultJson) Interpret(OcppFrame answer) => answer switch
    {
        CallError error => (ChargePointCommandStatuses.Error, $"{error.ErrorCode}: {error.Description}", null),
        CallResult result => InterpretResult(result.Payload),
        _ => (ChargePointCommandStatuses.Error, "unexpected answer", null),
    };

    private static (string, string?, string?) InterpretResult(JsonElement payload)
    {
        var json = payload.GetRawText();
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String)
            return Positive(status.GetString()!) ? (ChargePointCommandStatuses.Accepted, null, json) : (ChargePointCommandStatuses.Rejected, status.GetString(), json);
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("setVariableResult", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            var refused = results.EnumerateArray()
                .Where(r => r.TryGetProperty("attributeStatus", out var s) && !Positive(s.GetString() ?? ""))
                .Select(r => $"{r.GetProperty("component").GetProperty("name").GetString()}.{r.GetProperty("variable").GetProperty("name").GetString()}: {r.GetProperty("attributeStatus").GetString()}")
                .ToList();
            return refused.Count == 0 ? (ChargePointCommandStatuses.Accepted, null, json) : (ChargePointCommandStatuses.Rejected, string.Join("; ", refused), json);
        }
        // GetConfiguration / GetVariables: the answer is the result.
        return (ChargePointCommandStatuses.Accepted, null, json);
    }

    private static bool Positive(string status) => status is "Accepted" or "Unlocked" or "Scheduled" or "RebootRequired";

    /// <summary>2.0.1 remoteStartId: a positive int derived from the command id, so a redelivered command asks with the same id.</summary>
    public static int RemoteStartId(Guid commandId) => (int)(BitConverter.ToUInt32(commandId.ToByteArray(), 0) & 0x7FFFFFFF) | 1;

    private static JsonObject? Evse(int? evse, int? connector) =>
        evse is null ? null : connector is null ? new JsonObject { ["id"] = evse } : new JsonObject { ["id"] = evse, ["connectorId"] = connector };

    private static List<KeyValuePair<string, string>> Settings(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("key", out var key) && parameters.TryGetValue("value", out var value)
            ? [new(key, value)]
            : parameters.Where(p => p.Key != "evseId").ToList();

    private static (string Component, string Variable)? ComponentVariable(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot <= 0 || dot == key.Length - 1 ? null : (key[..dot], key[(dot + 1)..]);
    }

    private static Translation Call(string action, JsonObject payload)
    {
        // Optional fields that were not given are left out rather than sent as null (the schemas do not allow null).
        foreach (var name in payload.Where(p => p.Value is null).Select(p => p.Key).ToList())
            payload.Remove(name);
        return new Translation(new CommandCall(action, payload), null);
    }

    private static Translation Refuse(string detail) => new(null, new CommandRefusal(ChargePointCommandStatuses.Error, detail));

    /// <summary>Either the CALL to send or why none can be sent.</summary>
    public sealed record Translation(CommandCall? Call, CommandRefusal? Refusal);
}
