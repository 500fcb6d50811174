using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Shouldly;
using Xunit;
using static Roaming.Protocols.Ocpi.Tests.Pricing.TestTariffs;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Protocols.Ocpi;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>
/// start_time/end_time, dates and weekdays are local to the location's zone: sessions across midnight and across DST
/// changes in Europe/Amsterdam and America/New_York are billed on real elapsed time, with the local clock choosing the price.
/// </summary>
public class LocalTimeRestrictionTests
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    public sealed record Case(string Name, DateTimeZone Zone, Tariff Tariff, Func<SessionUsage> Usage, decimal ExpectedExclVat, decimal ExpectedHours)
    {
        public override string ToString() => Name;
    }

    /// <summary>TIME at 2.00/h between 23:00 and 07:00 local (wrapping past midnight), 1.00/h otherwise.</summary>
    private static readonly Tariff NightRate = With(
        Element(new TariffRestrictions { StartTime = "23:00", EndTime = "07:00" }, Time(2.00m)),
        Element(Time(1.00m)));

    /// <summary>TIME at 10.00/h between 01:30 and 02:30 local, 1.00/h otherwise: a window inside the hour DST moves.</summary>
    private static readonly Tariff SmallHours = With(
        Element(new TariffRestrictions { StartTime = "01:30", EndTime = "02:30" }, Time(10.00m)),
        Element(Time(1.00m)));

    public static TheoryData<Case> Cases => new()
    {
        // 22:00 CET to 08:00 CEST is 9 real hours; the night 23:00 CET - 07:00 CEST is 7 of them.
        new("Amsterdam, night across the spring-forward change", Amsterdam, NightRate,
            () => Charging(Amsterdam, "2024-03-30T22:00", "2024-03-31T08:00"), 2 * 1.00m + 7 * 2.00m, 9m),
        // 22:00 CEST to 08:00 CET is 11 real hours; the night 23:00 CEST - 07:00 CET is 9 of them.
        new("Amsterdam, night across the fall-back change", Amsterdam, NightRate,
            () => Charging(Amsterdam, "2024-10-26T22:00", "2024-10-27T08:00"), 2 * 1.00m + 9 * 2.00m, 11m),
        // The clock jumps from 02:00 CET to 03:00 CEST, straight into the 02:30-03:30 window, which then lasts 30 minutes.
        new("Amsterdam, window entered by the spring-forward jump", Amsterdam,
            With(Element(new TariffRestrictions { StartTime = "02:30", EndTime = "03:30" }, Time(10.00m)), Element(Time(1.00m))),
            () => Charging(Amsterdam, "2024-03-31T01:00", "2024-03-31T05:00"), 0.5m * 10.00m + 2.5m * 1.00m, 3m),
        // end_time 00:00 is the end of the day.
        new("Amsterdam, evening window ending at 00:00", Amsterdam,
            With(Element(new TariffRestrictions { StartTime = "20:00", EndTime = "00:00" }, Time(2.00m)), Element(Time(1.00m))),
            () => Charging(Amsterdam, "2024-06-03T19:00", "2024-06-04T01:00"), 1.00m + 4 * 2.00m + 1.00m, 6m),
        // 01:30-02:00 EDT, then the clock falls back to 01:00 EST and 01:30-02:30 EST comes again: 1.5 h in the window.
        new("New York, window repeated by the fall-back change", NewYork, SmallHours,
            () => Charging(NewYork, "2024-11-03T01:00", 3), 1.5m * 10.00m + 1.5m * 1.00m, 3m),
        // 21:00 EST to 07:00 EDT is 9 real hours; the night 23:00 EST - 07:00 EDT is 7 of them.
        new("New York, night across the spring-forward change", NewYork, NightRate,
            () => Charging(NewYork, "2024-03-09T21:00", "2024-03-10T07:00"), 2 * 1.00m + 7 * 2.00m, 9m),
        // At midnight Friday becomes Saturday, so the Friday-night element stops although its time window goes on.
        new("New York, weekday changes at midnight", NewYork,
            With(Element(new TariffRestrictions { StartTime = "22:00", EndTime = "06:00", DayOfWeek = [TariffDayOfWeek.Friday] }, Time(3.00m)),
                Element(Time(1.00m))),
            () => Charging(NewYork, "2024-06-07T23:00", "2024-06-08T01:00"), 3.00m + 1.00m, 2m),
        // start_date inclusive, end_date exclusive, both at local midnight.
        new("New York, one-day promotion by start_date and end_date", NewYork,
            With(Element(new TariffRestrictions { StartDate = "2024-06-08", EndDate = "2024-06-09" }, Time(5.00m)), Element(Time(1.00m))),
            () => Charging(NewYork, "2024-06-07T23:00", "2024-06-09T01:00"), 1.00m + 24 * 5.00m + 1.00m, 26m),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void local_time_restrictions_follow_the_location_clock(Case @case)
    {
        var priced = TariffCalculator.Price(@case.Tariff, @case.Zone, @case.Usage());

        priced.Unrounded.Total.ExclVat.ShouldBe(@case.ExpectedExclVat, priced.Describe());
        priced.TotalTime.ShouldBe(@case.ExpectedHours);
    }

    [Fact]
    public void a_charging_period_starts_at_each_pass_through_a_repeated_window()
    {
        var priced = TariffCalculator.Price(SmallHours, NewYork, Charging(NewYork, "2024-11-03T01:00", 3));

        priced.ChargingPeriods.Select(p => p.StartDateTime).ShouldBe(
        [
            Instant.FromUtc(2024, 11, 3, 5, 0),  // 01:00 EDT
            Instant.FromUtc(2024, 11, 3, 5, 30), // 01:30 EDT, window opens
            Instant.FromUtc(2024, 11, 3, 6, 0),  // 02:00 EDT becomes 01:00 EST, window closes
            Instant.FromUtc(2024, 11, 3, 6, 30), // 01:30 EST, window opens again
            Instant.FromUtc(2024, 11, 3, 7, 30), // 02:30 EST, window closes
        ]);
        priced.Explanation.Where(l => l.ElementIndex == 0).Select(l => l.PeriodStartLocal!.Value.TimeOfDay)
            .ShouldBe([new LocalTime(1, 30), new LocalTime(1, 30)]);
    }

    [Fact]
    public void energy_in_one_meter_interval_is_apportioned_across_a_price_boundary_and_marked()
    {
        var tariff = With(
            Element(new TariffRestrictions { StartTime = "07:00", EndTime = "23:00" }, Energy(0.30m)),
            Element(Energy(0.20m)));
        var usage = UsageBuilder.StartingAt("2024-06-03T22:00", Amsterdam).ChargeMinutes(120, kwh: 20m).Build();

        var priced = TariffCalculator.Price(tariff, Amsterdam, usage);

        priced.ChargingPeriods.Select(p => p.VolumeOf(CdrDimensionType.Energy)).ShouldBe([10m, 10m]);
        priced.Unrounded.Energy.ExclVat.ShouldBe(10 * 0.30m + 10 * 0.20m);
        priced.Explanation.Where(l => l.Dimension == CdrDimensionType.Energy)
            .ShouldAllBe(l => l.Note != null && l.Note.Contains("interpolated"));
    }

    [Fact]
    public void a_boundary_that_changes_no_price_leaves_one_period_without_interpolation()
    {
        var tariff = With(
            Element(new TariffRestrictions { StartTime = "07:00", EndTime = "23:00" }, Time(1.00m)),
            Element(Energy(0.20m)));
        var usage = UsageBuilder.StartingAt("2024-06-03T22:00", Amsterdam).ChargeMinutes(30, kwh: 5m).Build();

        var priced = TariffCalculator.Price(tariff, Amsterdam, usage);

        priced.ChargingPeriods.Count.ShouldBe(1);
        priced.Explanation.ShouldAllBe(l => l.Note == null || !l.Note.Contains("interpolated"));
    }

    private static SessionUsage Charging(DateTimeZone zone, string localStart, string localEnd)
    {
        var start = UsageBuilder.Local(localStart, zone);
        var end = UsageBuilder.Local(localEnd, zone);
        return UsageBuilder.StartingAt(start).Charge(end - start, kwh: 10m).Build();
    }

    private static SessionUsage Charging(DateTimeZone zone, string localStart, int hours) =>
        UsageBuilder.StartingAt(localStart, zone).Charge(Duration.FromHours(hours), kwh: 10m).Build();
}
