using System.Text.RegularExpressions;
using System.Xml.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Roaming.Protocols.Ochp;

/// <summary>
/// XSD <c>DateTimeType</c>: <c>&lt;x&gt;&lt;DateTime&gt;2011-06-01T11:45:30Z&lt;/DateTime&gt;&lt;/x&gt;</c>, UTC, whole
/// seconds, exactly 20 characters. Parse refuses fractions, offsets and a missing <c>Z</c>: the XSD pattern allows none.
/// </summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed partial class DateTimeType
{
    public const string Example = "2011-06-01T11:45:30Z";

    private static readonly InstantPattern Pattern =
        InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");

    /// <summary>The text on the wire; use <see cref="ToInstant"/> to read it.</summary>
    [XmlElement("DateTime", Order = 1)]
    public string DateTime { get; set; } = "";

    public static DateTimeType From(Instant value) => new() { DateTime = Format(value) };

    /// <summary>The instant; throws <see cref="FormatException"/> when the text is not an OCHP DateTime.</summary>
    public Instant ToInstant() => Parse(DateTime);

    /// <summary>Formats to whole seconds (OCHP has no fractions; a fraction is cut off, not rounded).</summary>
    public static string Format(Instant value) => Pattern.Format(value);

    public static Instant Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not an OCHP DateTime (UTC like {Example}, no fraction)");

    public static bool TryParse(string? text, out Instant value)
    {
        value = default;
        if (text is null || !Shape().IsMatch(text))
            return false;
        var parsed = Pattern.Parse(text);
        if (!parsed.Success)
            return false;
        value = parsed.Value;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

/// <summary>
/// XSD <c>LocalDateTimeType</c>: <c>&lt;x&gt;&lt;LocalDateTime&gt;2011-06-01T13:45:30+02:00&lt;/LocalDateTime&gt;&lt;/x&gt;</c>,
/// the charge point's local time with its offset, whole seconds, exactly 25 characters (never <c>Z</c>).
/// </summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed partial class LocalDateTimeType
{
    public const string Example = "2011-06-01T13:45:30+02:00";

    private static readonly OffsetDateTimePattern Pattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    [XmlElement("LocalDateTime", Order = 1)]
    public string LocalDateTime { get; set; } = "";

    public static LocalDateTimeType From(OffsetDateTime value) => new() { LocalDateTime = Format(value) };

    /// <summary>The local time with its offset; throws <see cref="FormatException"/> when not an OCHP LocalDateTime.</summary>
    public OffsetDateTime ToOffsetDateTime() => Parse(LocalDateTime);

    /// <summary>
    /// Formats to whole seconds with the offset in hours and minutes; an offset with seconds cannot be written
    /// (the XSD has none) and throws.
    /// </summary>
    public static string Format(OffsetDateTime value)
    {
        if (value.Offset.Seconds % 60 != 0)
            throw new ArgumentOutOfRangeException(nameof(value), value.Offset, "OCHP offsets are whole minutes");
        return Pattern.Format(value.With(time => time.PlusNanoseconds(-time.NanosecondOfSecond)));
    }

    public static OffsetDateTime Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException(
                $"'{text}' is not an OCHP LocalDateTime (local time with offset like {Example}, no fraction, no Z)");

    public static bool TryParse(string? text, out OffsetDateTime value)
    {
        value = default;
        if (text is null || !Shape().IsMatch(text))
            return false;
        var parsed = Pattern.Parse(text);
        if (!parsed.Success)
            return false;
        value = parsed.Value;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+\-]\d\d:\d\d$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
