using NodaTime;
using NodaTime.Text;

namespace Roaming.Settlement.Reimbursement.Closing;

/// <summary>A reimbursement month in the employer's zone: a session belongs to the month of its local start.</summary>
public static class ReimbursementPeriod
{
    public static bool TryParse(string? text, out YearMonth month)
    {
        month = default;
        if (text is null || text.Length != 7)
            return false;
        var parsed = YearMonthPattern.Iso.Parse(text);
        month = parsed.Success ? parsed.Value : default;
        return parsed.Success;
    }

    public static string Name(YearMonth month) => YearMonthPattern.Iso.Format(month);

    public static YearMonth Of(Instant at, DateTimeZone zone) => at.InZone(zone).Date.ToYearMonth();

    /// <summary>[start, end) of the month in <paramref name="zone"/> (local midnight, resolved leniently across DST gaps).</summary>
    public static (Instant Start, Instant End) Bounds(YearMonth month, DateTimeZone zone) =>
        (zone.AtStartOfDay(month.OnDayOfMonth(1)).ToInstant(), zone.AtStartOfDay(month.PlusMonths(1).OnDayOfMonth(1)).ToInstant());

    public static bool HasEnded(YearMonth month, DateTimeZone zone, Instant now) => Bounds(month, zone).End <= now;

    /// <summary>The stream that records the close of an employer's month: its existence is what "closed" means.</summary>
    public static string CloseKey(string employerId, YearMonth month) => $"reimbursement-period:{employerId}:{Name(month)}";
}
