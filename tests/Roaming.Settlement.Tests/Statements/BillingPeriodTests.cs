using FsCheck;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Settlement.Statements;
using Shouldly;

namespace Roaming.Settlement.Tests.Statements;

public sealed class BillingPeriodTests
{
    [Theory]
    [InlineData("monthly", "2026-11", "2026-11-01", "2026-12-01")]
    [InlineData("monthly", "2026-12", "2026-12-01", "2027-01-01")]
    [InlineData("monthly", "2028-02", "2028-02-01", "2028-03-01")]
    [InlineData("weekly", "2026-W47", "2026-11-16", "2026-11-23")]
    [InlineData("weekly", "2026-W01", "2025-12-29", "2026-01-05")]
    [InlineData("weekly", "2026-W53", "2026-12-28", "2027-01-04")]
    public void A_named_period_spans_its_local_days(string kind, string name, string start, string end)
    {
        var period = BillingPeriod.Parse(kind, name).ShouldNotBeNull();
        period.Name.ShouldBe(name);
        period.Start.ToString("yyyy-MM-dd", null).ShouldBe(start);
        period.End.ToString("yyyy-MM-dd", null).ShouldBe(end);
    }

    [Theory]
    [InlineData("monthly", "2026-13")]
    [InlineData("monthly", "2026-1")]
    [InlineData("monthly", "2026-W47")]
    [InlineData("monthly", "November")]
    [InlineData("weekly", "2026-11")]
    [InlineData("weekly", "2025-W53")]
    [InlineData("weekly", "2026-W00")]
    [InlineData("monthly", "")]
    public void A_malformed_name_is_no_period(string kind, string name) => BillingPeriod.Parse(kind, name).ShouldBeNull();

    [Fact]
    public void A_period_ends_at_local_midnight_in_the_agreement_zone()
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        BillingPeriod.Parse("monthly", "2026-11")!.EndsAt(berlin).ShouldBe(Instant.FromUtc(2026, 11, 30, 23, 0));
        BillingPeriod.Parse("monthly", "2026-06")!.EndsAt(berlin).ShouldBe(Instant.FromUtc(2026, 6, 30, 22, 0));
    }

    [Property]
    public void Consecutive_periods_tile_the_calendar(bool weekly, int offset)
    {
        var kind = weekly ? BillingPeriod.Weekly : BillingPeriod.Monthly;
        var day = new LocalDate(2026, 1, 1).PlusDays(Math.Abs(offset % 3000));
        var period = BillingPeriod.Containing(kind, day);
        (period.Start <= day && day < period.End).ShouldBeTrue();
        BillingPeriod.Parse(kind, period.Name).ShouldBe(period);
        period.Next(kind).Start.ShouldBe(period.End);
    }
}
