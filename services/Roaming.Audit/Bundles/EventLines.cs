using System.Buffers;
using System.Text;
using System.Text.Json;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Bundles;

/// <summary>
/// events.ndjson: one event a line, <c>data</c> and <c>headers</c> embedded as the exact jsonb text PostgreSQL
/// returned (raw JSON, not re-serialised), so that the offline verifier hashes the very bytes that were sealed.
/// </summary>
public static class EventLines
{
    public static void Write(Utf8JsonWriter writer, CanonicalEvent stored)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", stored.Sequence);
        writer.WriteString("id", stored.Id);
        writer.WriteString("stream", stored.StreamKey);
        writer.WriteNumber("version", stored.Version);
        writer.WriteString("type", stored.Type);
        writer.WriteString("timestamp", stored.Timestamp);
        writer.WriteString("correlationId", stored.CorrelationId);
        writer.WriteString("causationId", stored.CausationId);
        // SQL NULL headers are left out; jsonb's own null is written as null: the two hash differently.
        if (stored.Headers is not null)
        {
            writer.WritePropertyName("headers");
            writer.WriteRawValue(stored.Headers, skipInputValidation: true);
        }
        writer.WritePropertyName("data");
        writer.WriteRawValue(stored.Data, skipInputValidation: true);
        writer.WriteEndObject();
    }

    public static byte[] ToLine(CanonicalEvent stored)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, stored);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one line; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static CanonicalEvent Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        long? sequence = null, version = null;
        Guid? id = null;
        string? stream = null, type = null, timestamp = null, correlation = null, causation = null, headers = null, data = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("an event line must be a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "seq": sequence = reader.GetInt64(); break;
                    case "id": id = reader.GetGuid(); break;
                    case "stream": stream = reader.GetString(); break;
                    case "version": version = reader.GetInt64(); break;
                    case "type": type = reader.GetString(); break;
                    case "timestamp": timestamp = reader.GetString(); break;
                    case "correlationId": correlation = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                    case "causationId": causation = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                    case "headers": headers = Raw(ref reader, line); break;
                    case "data": data = Raw(ref reader, line); break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (JsonException exception)
        {
            throw new FormatException($"not valid JSON: {exception.Message}", exception);
        }
        catch (InvalidOperationException exception)
        {
            throw new FormatException($"a field has the wrong type: {exception.Message}", exception);
        }
        return new CanonicalEvent(
            sequence ?? throw Missing("seq"), id ?? throw Missing("id"), stream ?? throw Missing("stream"), version ?? throw Missing("version"),
            type ?? throw Missing("type"), timestamp ?? throw Missing("timestamp"), correlation, causation, headers, data ?? throw Missing("data"));
    }

    private static string Raw(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(line[start..(int)reader.BytesConsumed]);
    }

    private static FormatException Missing(string field) => new($"the event has no {field}");
}
