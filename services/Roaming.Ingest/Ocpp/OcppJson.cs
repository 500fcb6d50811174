using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Roaming.Ingest.Ocpp;

/// <summary>
/// The one <see cref="JsonSerializerOptions"/> for the OCPP message DTOs (<c>Ocpp/V16/Messages</c>, <c>Ocpp/V201/Messages</c>).
/// <list type="bullet">
/// <item>Names come from <c>[JsonPropertyName]</c> on every property (camelCase as in the schemas); no naming policy.</item>
/// <item>Enums are strings spelt exactly as OCPP (<c>[JsonStringEnumMemberName]</c> where the spelling is not a C# name);
/// integers are refused for enums.</item>
/// <item>Optional (nullable) members that are null are left out: OCPP schemas do not allow <c>null</c>.</item>
/// <item>Required constructor parameters and non-nullable annotations are enforced when reading, so a payload that
/// passed <see cref="OcppSchemas"/> deserializes, and one that did not fails with a <see cref="JsonException"/>.
/// Unknown properties are ignored (the schema check is where strictness lives).</item>
/// <item>Timestamps are <see cref="DateTimeOffset"/>, read leniently (see <see cref="OcppDateTimeOffsetConverter"/>) and
/// written in UTC with at most 3 fractional digits. The glue converts them with <c>Instant.FromDateTimeOffset</c>;
/// DTOs stay free of NodaTime so that they mirror the wire and nothing else.</item>
/// <item>Compact output with relaxed escaping (no <c>\u002B</c> for the <c>+</c> of an offset, no escaped umlauts).</item>
/// </list>
/// </summary>
public static class OcppJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Deserializes a CALL/CALLRESULT payload into its DTO. Throws <see cref="JsonException"/> when it does not fit.</summary>
    public static T Deserialize<T>(JsonElement payload) =>
        payload.Deserialize<T>(Options) ?? throw new JsonException($"Payload is null, expected {typeof(T).Name}.");

    /// <summary>Serializes a DTO to a detached <see cref="JsonElement"/> (for validation before sending, or for recording).</summary>
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
            PropertyNameCaseInsensitive = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            WriteIndented = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new OcppDateTimeOffsetConverter());
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>
/// Lenient reader for charger clocks, strict writer. Reads any RFC 3339 / ISO 8601 date-time that starts with
/// <c>yyyy-MM-dd</c>: <c>Z</c> or an offset (<c>+01:00</c>, <c>+0100</c>), any number of fractional digits (rounded
/// to 100 ns), <c>T</c>/<c>t</c>/space as separator, and a missing offset, which is taken as UTC (a charger without
/// an offset is wrong; UTC is the least-bad guess and the glue may flag it). Writes UTC as
/// <c>2026-11-24T10:00:00Z</c> or <c>2026-11-24T10:00:00.123Z</c> (OCPP 2.0.1 allows at most 3 fractional digits).
/// </summary>
public sealed class OcppDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a date-time string, got {reader.TokenType}.");
        }

        var text = reader.GetString()!;
        return TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a date-time.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        var s = text?.Trim();
        if (s is null || s.Length < 10 || !IsIsoDate(s))
        {
            return false;
        }

        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.Millisecond == 0 && utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static bool IsIsoDate(string s) =>
        char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3]) && s[4] == '-'
        && char.IsAsciiDigit(s[5]) && char.IsAsciiDigit(s[6]) && s[7] == '-' && char.IsAsciiDigit(s[8]) && char.IsAsciiDigit(s[9]);
}

/// <summary>
/// For OCPP 1.6 <c>sampledValue.value</c>, a string on the wire: also accepts a JSON number (some firmware sends one,
/// e.g. OpenEVSE) and keeps its text. Writes a string.
/// </summary>
public sealed class LenientStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        _ => throw new JsonException($"Expected a string, got {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
