using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Security.Cryptography;
using Roaming.Audit.Verification;
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

    /// <summary>
    /// The leaf of one line without building the event: fields go from the line's UTF-8 bytes straight into the
    /// canonical encoding (the same bytes <see cref="Parse"/> followed by <see cref="CanonicalEvent.LeafHash"/> gives,
    /// at a fraction of the cost: this is the offline verifier's hot path).
    /// </summary>
    public static (EventSummary Event, byte[] LeafHash) HashLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        long? sequence = null, version = null;
        Guid? id = null;
        Utf8Text stream = default, type = default, timestamp = default, correlation = default, causation = default, headers = default, data = default;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("an event line must be a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("seq"u8)) sequence = reader.GetInt64();
                else if (name.SequenceEqual("id"u8)) id = reader.GetGuid();
                else if (name.SequenceEqual("stream"u8)) stream = Utf8Text.String(ref reader);
                else if (name.SequenceEqual("version"u8)) version = reader.GetInt64();
                else if (name.SequenceEqual("type"u8)) type = Utf8Text.String(ref reader);
                else if (name.SequenceEqual("timestamp"u8)) timestamp = Utf8Text.String(ref reader);
                else if (name.SequenceEqual("correlationId"u8)) correlation = Utf8Text.String(ref reader);
                else if (name.SequenceEqual("causationId"u8)) causation = Utf8Text.String(ref reader);
                else if (name.SequenceEqual("headers"u8)) headers = Utf8Text.RawValue(ref reader);
                else if (name.SequenceEqual("data"u8)) data = Utf8Text.RawValue(ref reader);
                else reader.Skip();
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
        if (sequence is null) throw Missing("seq");
        if (id is null) throw Missing("id");
        if (version is null) throw Missing("version");
        if (!stream.Present || stream.IsNull) throw Missing("stream");
        if (!type.Present || type.IsNull) throw Missing("type");
        if (!timestamp.Present || timestamp.IsNull) throw Missing("timestamp");
        if (!data.Present) throw Missing("data");

        var buffer = ArrayPool<byte>.Shared.Rent(line.Length + CanonicalEncoder.FixedOverhead + 64);
        try
        {
            var encoder = new CanonicalEncoder(buffer);
            encoder.WriteRaw(0x00);
            encoder.WriteField(CanonicalEvent.FormatBytes);
            encoder.WriteInt64(sequence.Value);
            encoder.WriteGuid(id.Value);
            stream.WriteTo(ref encoder, line);
            encoder.WriteInt64(version.Value);
            type.WriteTo(ref encoder, line);
            timestamp.WriteTo(ref encoder, line);
            correlation.WriteTo(ref encoder, line);
            causation.WriteTo(ref encoder, line);
            headers.WriteTo(ref encoder, line);
            data.WriteTo(ref encoder, line);
            var hash = SHA256.HashData(buffer.AsSpan(0, encoder.Written));
            return (new EventSummary(sequence.Value, stream.ToText(line), version.Value, type.ToText(line)), hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A field of the line: a slice of it when it needs no unescaping, else its unescaped bytes; absent and null are told apart.</summary>
    private readonly record struct Utf8Text(bool Present, bool IsNull, int Start, int Length, byte[]? Unescaped)
    {
        public static Utf8Text String(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
                return new Utf8Text(true, true, 0, 0, null);
            if (reader.TokenType != JsonTokenType.String)
                throw new InvalidOperationException($"expected a string, found {reader.TokenType}");
            return reader.ValueIsEscaped
                ? new Utf8Text(true, false, 0, 0, Encoding.UTF8.GetBytes(reader.GetString()!))
                : new Utf8Text(true, false, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null);
        }

        public static Utf8Text RawValue(ref Utf8JsonReader reader)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            return new Utf8Text(true, false, start, (int)reader.BytesConsumed - start, null);
        }

        public void WriteTo(ref CanonicalEncoder encoder, ReadOnlySpan<byte> line)
        {
            if (!Present || IsNull)
                encoder.WriteMissing();
            else
                encoder.WriteField(Unescaped ?? line.Slice(Start, Length));
        }

        public string ToText(ReadOnlySpan<byte> line) => Encoding.UTF8.GetString(Unescaped ?? line.Slice(Start, Length));
    }

    private static string Raw(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(line[start..(int)reader.BytesConsumed]);
    }

    private static FormatException Missing(string field) => new($"the event has no {field}");
}
