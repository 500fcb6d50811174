using NodaTime;
using NodaTime.Text;

namespace Roaming.Protocols.Ocpi.Tariffs;

/// <summary>
/// The two text formats of TariffRestrictions: <c>HH:MM</c> (24 h, leading zeros) and <c>YYYY-MM-DD</c>.
/// Validation and the pricing engine parse with the same patterns, so what validates is what gets priced.
/// </summary>
public static class RestrictionFormats
{
    private static readonly LocalTimePattern TimeOfDayPattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");

    public static bool TryParseTimeOfDay(string? text, out LocalTime time)
    {
        time = default;
        // The pattern alone would accept "9:30" in lenient cultures; OCPI demands exactly five characters.
        if (text is not { Length: 5 }) return false;
        var result = TimeOfDayPattern.Parse(text);
        if (!result.Success) return false;
        time = result.Value;
        return true;
    }

    public static bool TryParseDate(string? text, out LocalDate date)
    {
        date = default;
        if (text is not { Length: 10 }) return false;
        var result = DatePattern.Parse(text);
        if (!result.Success) return false;
        date = result.Value;
        return true;
    }

    public static LocalTime ParseTimeOfDay(string text, string field) =>
        TryParseTimeOfDay(text, out var time) ? time : throw new ArgumentException($"{field} '{text}' is not HH:MM");

    public static LocalDate ParseDate(string text, string field) =>
        TryParseDate(text, out var date) ? date : throw new ArgumentException($"{field} '{text}' is not YYYY-MM-DD");

    public static string FormatTimeOfDay(LocalTime time) => TimeOfDayPattern.Format(time);
}
