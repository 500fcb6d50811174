using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace Roaming.Ocpi.Transport;

/// <summary>OCPI DateTime: RFC 3339 in UTC; a missing Z is read as UTC, an offset is refused (ocpi.md 2.4).</summary>
public static partial class OcpiDateTime
{
    public static Instant? TryParse(string? text)
    {
        if (text is null || text.Length > 25 || !Shape().IsMatch(text))
            return null;
        var utc = text.EndsWith('Z') ? text : text + "Z";
        var result = InstantPattern.ExtendedIso.Parse(utc);
        return result.Success ? result.Value : null;
    }

    public static string Format(Instant instant) => InstantPattern.General.Format(instant).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z?$")]
    private static partial Regex Shape();
}
