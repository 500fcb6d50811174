using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Roaming.Platform.Wire;


/// <summary>
/// OCPI DateTime (types, DateTime): always UTC. Reads <c>2015-06-29T20:39:09Z</c>, the same without <c>Z</c>
/// (the spec says a missing Z means UTC) and fractions of a second. Rejects any offset, even <c>+00:00</c>,
/// because the spec does not allow one. Writes with <c>Z</c> and at most milliseconds, so the text fits string(25).
/// </summary>
/// <remarks>RoamingJson.Options uses it for every Instant on the wire; the event store keeps NodaTime's full precision.</remarks>
public sealed class OcpiDateTimeJsonConverter : JsonConverter<Instant>
{
    private static readonly LocalDateTimePattern ReadPattern =
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFF");

    private static readonly InstantPattern WritePattern =
        InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFF'Z'");

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new OcpiFieldFormatException("must be a DateTime string like 2015-06-29T20:39:09Z");
        return Parse(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(Instant value) => WritePattern.Format(value);

    public static Instant Parse(string text)
    {
        var withoutZulu = text.EndsWith('Z') || text.EndsWith('z') ? text[..^1] : text;
        var parsed = ReadPattern.Parse(withoutZulu);
        if (parsed.Success)
            return parsed.Value.InUtc().ToInstant();
        throw new OcpiFieldFormatException(HasOffset(text)
            ? $"must be in UTC without an offset (like 2015-06-29T20:39:09Z); OCPI does not allow '{text}'"
            : $"must be a DateTime like 2015-06-29T20:39:09Z, not '{text}'");
    }

    // An offset sits after the time part: "...T10:00:00+01:00" or "...T10:00:00-05:00".
    private static bool HasOffset(string text)
    {
        var timeStart = text.IndexOf('T');
        return timeStart >= 0 && text.AsSpan(timeStart).IndexOfAny('+', '-') >= 0;
    }
}
