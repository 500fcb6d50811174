using System.Globalization;
using System.Text.Json;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Validation;
using Roaming.Contracts.Validation;

namespace Roaming.Ingest.Commands.Sending;

/// <summary>A command as <see cref="ChargePointCommandRequested"/> carries it (addressed by the OCPP connector id, never by OCPI location).</summary>
public sealed record CommandRequest(string Kind, string? ConnectorId, string? IdTag, string? TransactionId, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// The operator's charger commands: the kebab-case name in the URL, and how its JSON body (snake_case) becomes a
/// <see cref="CommandRequest"/>. Each reader names every bad field; what only the charger's OCPP version can judge
/// (a trigger 1.6 does not know) is checked against that version's schema when the CALL is built.
/// </summary>
public static class OperatorCommands
{
    private static readonly string[] ResetTypes = ["Soft", "Hard", "OnIdle", "Immediate"];
    private static readonly string[] Availabilities = ["Operative", "Inoperative"];

    // 1.6 MessageTrigger and 2.0.1 MessageTriggerEnumType together.
    private static readonly string[] Triggers =
    [
        "BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification",
        "LogStatusNotification", "PublishFirmwareStatusNotification", "SignChargingStationCertificate", "SignV2GCertificate",
        "SignCombinedCertificate", "TransactionEvent",
    ];

    private delegate CommandRequest Reader(Body body);

    private static readonly Dictionary<string, Reader> Readers = new(StringComparer.Ordinal)
    {
        ["reset"] = body => new(ChargePointCommandKinds.Reset, null, null, null,
            Parameters(("type", body.Text("type", required: false, oneOf: ResetTypes)))),
        ["change-availability"] = body => new(ChargePointCommandKinds.ChangeAvailability, body.Connector(required: false, min: 0), null, null,
            Parameters(("type", body.Text("type", oneOf: Availabilities)), ("evseId", body.Integer("evse_id", required: false, min: 0)))),
        ["trigger-message"] = body => new(ChargePointCommandKinds.TriggerMessage, body.Connector(required: false, min: 0), null, null,
            Parameters(("requestedMessage", body.Text("requested_message", oneOf: Triggers)), ("evseId", body.Integer("evse_id", required: false, min: 0)))),
        ["get-configuration"] = body => new(ChargePointCommandKinds.GetConfiguration, null, null, null,
            body.Strings("keys", max: 50).ToDictionary(key => key, _ => "")),
        ["change-configuration"] = body => new(ChargePointCommandKinds.ChangeConfiguration, null, null, null,
            Parameters(("key", body.Text("key", max: 50)), ("value", body.Text("value", max: 500)))),
        ["get-variables"] = body => new(ChargePointCommandKinds.GetVariables, null, null, null,
            body.Variables(withValue: false)),
        ["set-variables"] = body => new(ChargePointCommandKinds.SetVariables, null, null, null,
            body.Variables(withValue: true)),
        ["unlock-connector"] = body => new(ChargePointCommandKinds.UnlockConnector, body.Connector(required: true, min: 1), null, null,
            Parameters(("evseId", body.Integer("evse_id", required: false, min: 1)))),
        ["remote-start"] = body => new(ChargePointCommandKinds.StartTransaction, body.Connector(required: false, min: 1), body.Text("id_tag", max: 36), null,
            Parameters(("evseId", body.Integer("evse_id", required: false, min: 1)), ("idTokenType", body.Text("id_token_type", required: false, max: 20)))),
        ["remote-stop"] = body =>
        {
            var transaction = body.Text("transaction_id", required: false, max: 36);
            var connector = body.Connector(required: false, min: 1);
            if (transaction is null && connector is null)
                body.Errors.Add("transaction_id", "is required unless connector_id names the connector of an open transaction");
            return new(ChargePointCommandKinds.StopTransaction, connector, null, transaction, Parameters(("evseId", body.Integer("evse_id", required: false, min: 1))));
        },
    };

    public static IReadOnlyCollection<string> Names => Readers.Keys;

    public static bool Exists(string name) => Readers.ContainsKey(name);

    /// <returns>null, with <paramref name="errors"/>, when the body is not valid for <paramref name="name"/>.</returns>
    public static CommandRequest? Read(string name, JsonElement body, out FieldErrors errors)
    {
        errors = new FieldErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "must be a JSON object");
            return null;
        }
        var request = Readers[name](new Body(body, errors));
        return errors.IsValid ? request : null;
    }

    private static Dictionary<string, string> Parameters(params (string Key, string? Value)[] values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!);

    /// <summary>Reads fields of one body, adding an error for each bad one (and answering null for it).</summary>
    private sealed class Body(JsonElement json, FieldErrors errors)
    {
        public FieldErrors Errors => errors;

        public string? Text(string field, bool required = true, int max = 100, IReadOnlyCollection<string>? oneOf = null) =>
            Text(json, field, field, required, max, oneOf);

        private string? Text(JsonElement parent, string field, string path, bool required, int max, IReadOnlyCollection<string>? oneOf)
        {
            if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                    errors.Add(path, "is required");
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add(path, "must be a string");
                return null;
            }
            var text = value.GetString()!;
            if (required && text.Length == 0)
                errors.Add(path, "is required");
            errors.MaxLength(path, text, max);
            if (oneOf is not null)
                errors.OneOf(path, text, oneOf);
            return text;
        }

        /// <returns>The integer as text (command parameters are strings).</returns>
        public string? Integer(string field, bool required, int min)
        {
            if (!json.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                    errors.Add(field, "is required");
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min)
            {
                errors.Add(field, $"must be an integer of {min} or more");
                return null;
            }
            return number.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The OCPP connector id (1.6 connectorId; 2.0.1 connectorId on the EVSE of the registration or of <c>evse_id</c>).</summary>
        public string? Connector(bool required, int min) => Integer("connector_id", required, min);

        public IReadOnlyList<string> Strings(string field, int max)
        {
            if (!json.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
                return [];
            if (value.ValueKind != JsonValueKind.Array)
            {
                errors.Add(field, "must be an array of strings");
                return [];
            }
            var strings = new List<string>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var path = FieldErrors.Index(field, index++);
                if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length == 0)
                    errors.Add(path, "must be a non-empty string");
                else if (item.GetString()!.Length > max)
                    errors.Add(path, $"must be at most {max} characters");
                else
                    strings.Add(item.GetString()!);
            }
            return strings;
        }

        /// <summary>
        /// 2.0.1 <c>variables: [{component, variable[, value]}]</c> as the parameters <c>Component.Variable</c> → value
        /// (the translation splits at the last dot, so a variable name has none).
        /// </summary>
        public Dictionary<string, string> Variables(bool withValue)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!json.TryGetProperty("variables", out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
            {
                errors.Add("variables", "must be a non-empty array of {component, variable" + (withValue ? ", value" : "") + "}");
                return parameters;
            }
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var path = FieldErrors.Index("variables", index++);
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(path, "must be an object");
                    continue;
                }
                // OCPP 2.0.1: component and variable names are identifierString(50), attributeValue string(1000)
                var component = Text(item, "component", FieldErrors.Path(path, "component"), true, 50, null);
                var variable = Text(item, "variable", FieldErrors.Path(path, "variable"), true, 50, null);
                var setting = withValue ? Text(item, "value", FieldErrors.Path(path, "value"), true, 1000, null) : "";
                if (variable is not null && variable.Contains('.'))
                    errors.Add(FieldErrors.Path(path, "variable"), "must not contain '.'");
                if (component is not null && variable is not null && setting is not null
                    && !parameters.TryAdd($"{component}.{variable}", setting))
                    errors.Add(path, "names a component variable already given");
            }
            return parameters;
        }
    }
}
