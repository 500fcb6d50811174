using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Roaming.Platform.Hosting;

/// <summary>
/// Reads a duration setting (a TimeSpan such as <c>01:00:00</c> or <c>3.00:00:00</c>) the way the other settings fail:
/// an <see cref="ArgumentException"/> naming the setting and the expected form, which the host prints before it exits 1,
/// rather than the binder's conversion exception with a stack trace.
/// </summary>
public static class DurationSettings
{
    public static TimeSpan PositiveDuration(this IConfiguration configuration, string setting, TimeSpan fallback)
    {
        var text = configuration[setting];
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero)
            throw new ArgumentException($"{setting} is '{text}': expected a positive duration such as 01:00:00 (one hour) or 3.00:00:00 (three days).");
        return value;
    }
}
