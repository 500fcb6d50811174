using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Roaming.Ingest.Ocpp;

/// <summary>
/// Writes OCPP-J frames as compact JSON strings. Object payloads are serialized with <see cref="OcppJson.Options"/>;
/// a <c>null</c> payload is written as <c>{}</c>. No validation happens here: validate outbound payloads with
/// <see cref="OcppSchemas"/> first when in doubt.
/// </summary>
public static class OcppFrameWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = OcppJson.Options.Encoder,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary><c>[2, messageId, action, payload]</c>: a CSMS-initiated call (RemoteStartTransaction, GetVariables, ...).</summary>
    public static string Call(string messageId, string action, object? payload) => Write(writer =>
    {
        writer.WriteNumberValue(OcppFrame.CallTypeId);
        writer.WriteStringValue(messageId);
        writer.WriteStringValue(action);
        WritePayload(writer, payload);
    });

    /// <summary><c>[3, messageId, payload]</c>.</summary>
    public static string CallResult(string messageId, object? payload) => Write(writer =>
    {
        writer.WriteNumberValue(OcppFrame.CallResultTypeId);
        writer.WriteStringValue(messageId);
        WritePayload(writer, payload);
    });

    /// <summary><c>[3, messageId, payload]</c> for a payload that is already JSON.</summary>
    public static string CallResult(string messageId, JsonElement payload) => CallResult(messageId, (object)payload);

    /// <summary>
    /// <c>[4, messageId, errorCode, errorDescription, errorDetails]</c> with the code spelt for <paramref name="version"/>
    /// (<see cref="OcppErrorCodes.ToWire"/>), the description cut to 255 characters and details <c>{}</c> unless an object was given.
    /// </summary>
    public static string CallError(string messageId, OcppError error, OcppVersion version) => Write(writer =>
    {
        writer.WriteNumberValue(OcppFrame.CallErrorTypeId);
        writer.WriteStringValue(messageId);
        writer.WriteStringValue(error.Code.ToWire(version));
        writer.WriteStringValue(OcppError.Truncate(error.Description));
        if (error.Details is { ValueKind: JsonValueKind.Object } details)
        {
            details.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    });

    /// <summary>The answer to a <see cref="MalformedFrame"/> (check <see cref="MalformedFrame.ShouldReply"/> first).</summary>
    public static string CallError(MalformedFrame frame, OcppVersion version) => CallError(frame.ReplyMessageId, frame.Error, version);

    private static void WritePayload(Utf8JsonWriter writer, object? payload)
    {
        switch (payload)
        {
            case null:
                writer.WriteStartObject();
                writer.WriteEndObject();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                JsonSerializer.Serialize(writer, payload, payload.GetType(), OcppJson.Options);
                break;
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            body(writer);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
