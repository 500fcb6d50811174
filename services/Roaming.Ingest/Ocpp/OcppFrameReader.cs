using System.Text.Json;

namespace Roaming.Ingest.Ocpp;

/// <summary>
/// Reads one OCPP-J WebSocket text message into an <see cref="OcppFrame"/> with <see cref="JsonDocument"/>. Never throws
/// for bad input. Error codes (the "semantic" code; <see cref="OcppErrorCodes.ToWire"/> then spells it per version):
/// <list type="table">
/// <item><term>not JSON, not an array, no integer MessageTypeId</term><description><see cref="OcppErrorCode.RpcFrameworkError"/>, id <c>"-1"</c>.</description></item>
/// <item><term>MessageTypeId not 2/3/4</term><description><see cref="OcppErrorCode.MessageTypeNotSupported"/> (2.0.1 §4.4 extension
/// fallback), echoing the id when it is readable.</description></item>
/// <item><term>message id missing, not a string, empty or longer than 36</term><description><see cref="OcppErrorCode.RpcFrameworkError"/>, id <c>"-1"</c>.</description></item>
/// <item><term>CALL without a (non-empty string) action, or with more than 4 elements</term><description><see cref="OcppErrorCode.RpcFrameworkError"/>.</description></item>
/// <item><term>CALL whose payload is missing or not an object</term><description><see cref="OcppErrorCode.FormatViolation"/>.</description></item>
/// </list>
/// On 1.6, which has neither RpcFrameworkError nor MessageTypeNotSupported, the frame-level errors are all
/// <see cref="OcppErrorCode.FormatViolation"/> (wire <c>FormationViolation</c>: "not conform the PDU structure").
/// ocpp-rpc sends the 2.0.1 codes even on 1.6, mobilityhouse/ocpp sends FormationViolation/ProtocolError/
/// PropertyConstraintViolation; we keep to codes a 1.6 charger is required to know.
/// Malformed CALLRESULT/CALLERROR frames come back with <see cref="MalformedFrame.ShouldReply"/> false.
/// Schema validation of the payload is a separate step (<see cref="OcppSchemas"/>).
/// </summary>
public static class OcppFrameReader
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static OcppFrame Read(ReadOnlyMemory<byte> utf8, OcppVersion version)
    {
        // JsonDocument checks structure, not the bytes inside strings; bad UTF-8 would only throw later, on GetString.
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            return Malformed(version, null, null, OcppErrorCode.RpcFrameworkError, "Message is not valid UTF-8.");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(utf8);
            root = document.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return NotJson(version);
        }

        return Read(root, version);
    }

    public static OcppFrame Read(string text, OcppVersion version)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return NotJson(version);
        }

        return Read(root, version);
    }

    private static OcppFrame NotJson(OcppVersion version) =>
        Malformed(version, null, null, OcppErrorCode.RpcFrameworkError, "Message is not valid JSON.");

    private static OcppFrame Read(JsonElement root, OcppVersion version)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            return Malformed(version, null, null, OcppErrorCode.RpcFrameworkError, "Message must be a JSON array.");
        }

        var length = root.GetArrayLength();
        if (length == 0 || root[0].ValueKind != JsonValueKind.Number || !root[0].TryGetInt32(out var typeId))
        {
            return Malformed(version, null, null, OcppErrorCode.RpcFrameworkError, "MessageTypeId (first element) must be an integer.");
        }

        var messageId = ReadMessageId(root, length, out var idProblem);

        if (typeId is not (OcppFrame.CallTypeId or OcppFrame.CallResultTypeId or OcppFrame.CallErrorTypeId))
        {
            return Malformed(version, messageId, typeId, OcppErrorCode.MessageTypeNotSupported, $"MessageTypeId {typeId} is not supported.");
        }

        if (messageId is null)
        {
            return Malformed(version, null, typeId, OcppErrorCode.RpcFrameworkError, idProblem!);
        }

        return typeId switch
        {
            OcppFrame.CallTypeId => ReadCall(root, length, messageId, version),
            OcppFrame.CallResultTypeId => ReadCallResult(root, length, messageId, version),
            _ => ReadCallError(root, length, messageId, version),
        };
    }

    private static string? ReadMessageId(JsonElement root, int length, out string? problem)
    {
        if (length < 2)
        {
            problem = "MessageId (second element) is missing.";
            return null;
        }

        var element = root[1];
        if (element.ValueKind != JsonValueKind.String)
        {
            problem = "MessageId (second element) must be a string.";
            return null;
        }

        var id = element.GetString()!;
        if (id.Length is 0 or > OcppFrame.MaxMessageIdLength)
        {
            problem = $"MessageId must be 1 to {OcppFrame.MaxMessageIdLength} characters long (was {id.Length}).";
            return null;
        }

        problem = null;
        return id;
    }

    private static OcppFrame ReadCall(JsonElement root, int length, string messageId, OcppVersion version)
    {
        if (length < 3 || root[2].ValueKind != JsonValueKind.String || root[2].GetString() is not { Length: > 0 } action)
        {
            return Malformed(version, messageId, OcppFrame.CallTypeId, OcppErrorCode.RpcFrameworkError, "CALL must name its action as a non-empty string (third element).");
        }

        if (length > 4)
        {
            return Malformed(version, messageId, OcppFrame.CallTypeId, OcppErrorCode.RpcFrameworkError, $"CALL must have 4 elements (had {length}).", action);
        }

        if (length < 4)
        {
            return Malformed(version, messageId, OcppFrame.CallTypeId, OcppErrorCode.FormatViolation, $"CALL {action} has no payload (fourth element).", action);
        }

        var payload = root[3];
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return Malformed(version, messageId, OcppFrame.CallTypeId, OcppErrorCode.FormatViolation, $"Payload of {action} must be a JSON object (was {payload.ValueKind}).", action);
        }

        return new Call(messageId, action, payload);
    }

    private static OcppFrame ReadCallResult(JsonElement root, int length, string messageId, OcppVersion version)
    {
        if (length != 3)
        {
            return Malformed(version, messageId, OcppFrame.CallResultTypeId, OcppErrorCode.RpcFrameworkError, $"CALLRESULT must have 3 elements (had {length}).");
        }

        var payload = root[2];
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return Malformed(version, messageId, OcppFrame.CallResultTypeId, OcppErrorCode.FormatViolation, $"CALLRESULT payload must be a JSON object (was {payload.ValueKind}).");
        }

        return new CallResult(messageId, payload);
    }

    private static OcppFrame ReadCallError(JsonElement root, int length, string messageId, OcppVersion version)
    {
        // Lenient on purpose: the details (and even the description) are optional in practice.
        if (length is < 3 or > 5 || root[2].ValueKind != JsonValueKind.String)
        {
            return Malformed(version, messageId, OcppFrame.CallErrorTypeId, OcppErrorCode.RpcFrameworkError, "CALLERROR must be [4, id, errorCode, errorDescription, errorDetails].");
        }

        var description = length > 3 && root[3].ValueKind == JsonValueKind.String ? root[3].GetString()! : "";
        var details = length > 4 && root[4].ValueKind != JsonValueKind.Null ? root[4] : EmptyObject;
        return new CallError(messageId, root[2].GetString()!, description, details);
    }

    private static MalformedFrame Malformed(OcppVersion version, string? messageId, int? typeId, OcppErrorCode code, string description, string? action = null) =>
        new(messageId, new OcppError(code.ForVersion(version), description))
        {
            MessageTypeId = typeId,
            Action = action,
        };
}
