using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace Roaming.Protocols.Ocpi;

/// <summary>
/// OCPI DateTime (types.asciidoc, DateTime): RFC 3339, always UTC, string(25). The one reading and writing of it.
/// <list type="bullet">
/// <item>Reads <c>2015-06-29T20:39:09Z</c>, the same with a lower-case <c>z</c> (RFC 3339 5.6: "T" and "Z" may be
/// lower case), without <c>Z</c> (the spec: a missing Z means UTC), and with 1 to 9 digits of a second, even where
/// that exceeds string(25): .NET peers write 7 digits (<c>2015-06-29T20:39:09.1234567Z</c>) and mean a valid time.</item>
/// <item>Refuses any offset, even <c>+00:00</c> (the spec allows none), a lower-case <c>t</c>, a space for <c>T</c>,
/// a date without a time, and seconds left out.</item>
/// <item>Writes <c>Z</c> and at most milliseconds, trailing zeros dropped (<c>2015-06-29T20:39:09.12Z</c>, a whole
/// second as <c>2015-06-29T20:39:09Z</c>): 24 characters at most, within string(25); milliseconds keep two changes in
/// one second apart for <c>date_from</c>/<c>date_to</c> pulls, which whole seconds would not; and the wire models'
/// stored events already hold this form, so their serialised text does not change.</item>
/// </list>
/// </summary>
public static partial class OcpiDateTime
{
    public const string Example = "2015-06-29T20:39:09Z";

    private static readonly LocalDateTimePattern ReadPattern =
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFF");

    private static readonly InstantPattern WritePattern =
        InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFF'Z'");

    public static string Format(Instant value) => WritePattern.Format(value);

    /// <summary>The instant, or null when <paramref name="text"/> is not an OCPI DateTime.</summary>
    public static Instant? TryParse(string? text) => Read(text, out var value) is null ? value : null;

    /// <summary>The instant; throws <see cref="OcpiFieldFormatException"/> with a message for the API client.</summary>
    public static Instant Parse(string text) =>
        Read(text, out var value) is { } problem ? throw new OcpiFieldFormatException(problem) : value;

    /// <summary>Null when read, else why not (a message for the API client).</summary>
    private static string? Read(string? text, out Instant value)
    {
        value = default;
        if (text is null)
            return $"must be a DateTime like {Example}";
        if (Shape().IsMatch(text))
        {
            var withoutZulu = text.EndsWith('Z') || text.EndsWith('z') ? text[..^1] : text;
            var parsed = ReadPattern.Parse(withoutZulu);
            if (parsed.Success)
            {
                value = parsed.Value.InUtc().ToInstant();
                return null;
            }
        }
        return HasOffset(text)
            ? $"must be in UTC without an offset (like {Example}); OCPI does not allow '{text}'"
            : $"must be a DateTime like {Example}, not '{text}'";
    }

    // The shape first, so that NodaTime's pattern never sees a sign, a space, a missing time or its 24:00 (RFC 3339 hours are 00-23).
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):\d{2}:\d{2}(\.\d{1,9})?[Zz]?\z")]
    private static partial Regex Shape();

    // An offset sits after the time part: "...T10:00:00+01:00" or "...T10:00:00-05:00".
    private static bool HasOffset(string text)
    {
        var timeStart = text.IndexOf('T');
        return timeStart >= 0 && text.AsSpan(timeStart).IndexOfAny('+', '-') >= 0;
    }
}

/// <summary>
/// <see cref="OcpiDateTime"/> for System.Text.Json: every <see cref="Instant"/> of an OCPI wire model. Wire models that
/// must keep it in the event store too carry it as an attribute; <see cref="OcpiJson.Options"/> applies it to the rest.
/// </summary>
public sealed class OcpiDateTimeJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new OcpiFieldFormatException($"must be a DateTime string like {OcpiDateTime.Example}");
        return OcpiDateTime.Parse(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(OcpiDateTime.Format(value));
}
