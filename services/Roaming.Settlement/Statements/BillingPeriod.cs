using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Calendars;

namespace Roaming.Settlement.Statements;

/// <summary>
/// One settlement period of an agreement, cut in its time zone: <c>2026-11</c> (monthly) or <c>2026-W47</c> (weekly,
/// ISO 8601 week, Monday to Sunday). <see cref="Start"/> is the first local day, <see cref="End"/> the first local day after.
/// </summary>
public sealed partial record BillingPeriod(string Name, LocalDate Start, LocalDate End)
{
    public const string Monthly = "monthly";
    public const string Weekly = "weekly";

    /// <summary>The period named <paramref name="name"/> of an agreement with periods of <paramref name="kind"/>, or null when the name does not fit.</summary>
    public static BillingPeriod? Parse(string kind, string? name)
    {
        if (name is null)
            return null;
        if (kind == Weekly)
        {
            var week = WeekName().Match(name);
            if (!week.Success)
                return null;
            int year = int.Parse(week.Groups[1].Value, CultureInfo.InvariantCulture), number = int.Parse(week.Groups[2].Value, CultureInfo.InvariantCulture);
            if (year < 2000 || year > 9998 || number < 1 || number > WeekYearRules.Iso.GetWeeksInWeekYear(year))
                return null;
            return OfWeek(year, number);
        }
        var month = MonthName().Match(name);
        if (!month.Success)
            return null;
        int y = int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture), m = int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture);
        return y is < 2000 or > 9998 || m is < 1 or > 12 ? null : OfMonth(y, m);
    }

    /// <summary>The period of <paramref name="kind"/> that contains the local <paramref name="day"/>.</summary>
    public static BillingPeriod Containing(string kind, LocalDate day) =>
        kind == Weekly
            ? OfWeek(WeekYearRules.Iso.GetWeekYear(day), WeekYearRules.Iso.GetWeekOfWeekYear(day))
            : OfMonth(day.Year, day.Month);

    /// <summary>The period right after this one.</summary>
    public BillingPeriod Next(string kind) => Containing(kind, End);

    /// <summary>The moment the period ends: the start of <see cref="End"/> in <paramref name="zone"/> (a skipped midnight resolves forward).</summary>
    public Instant EndsAt(DateTimeZone zone) => zone.AtStartOfDay(End).ToInstant();

    public Instant StartsAt(DateTimeZone zone) => zone.AtStartOfDay(Start).ToInstant();

    private static BillingPeriod OfMonth(int year, int month)
    {
        var start = new LocalDate(year, month, 1);
        return new BillingPeriod($"{year:0000}-{month:00}", start, start.PlusMonths(1));
    }

    private static BillingPeriod OfWeek(int weekYear, int week)
    {
        var start = LocalDate.FromWeekYearWeekAndDay(weekYear, week, IsoDayOfWeek.Monday);
        return new BillingPeriod($"{weekYear:0000}-W{week:00}", start, start.PlusWeeks(1));
    }

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex WeekName();

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex MonthName();
}
