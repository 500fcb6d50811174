using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Shouldly;
using Xunit;
using Roaming.Protocols.Ocpi;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

public class UsageTimelineTests
{
    private static readonly Instant Start = Instant.FromUtc(2024, 6, 3, 10, 0);

    private static Instant At(int minutes) => Start + Duration.FromMinutes(minutes);

    private static SessionUsage Build(int minutes, decimal meterStartWh, decimal meterStopWh, MeterSample[] samples, params ActivityChange[] activity) =>
        UsageTimeline.FromSamples(Start, At(minutes), meterStartWh, meterStopWh, samples, activity);

    [Fact]
    public void readings_at_interval_boundaries_are_used_as_they_are()
    {
        var usage = Build(45, 1000m, 6000m, [new(At(15), 3000m), new(At(30), 5000m)]);

        usage.Intervals.Select(i => i.EnergyKwh).ShouldBe([2m, 2m, 1m]);
        usage.Intervals.ShouldAllBe(i => !i.EnergyInterpolated && i.Charging);
        usage.Intervals.Select(i => i.From).ShouldBe([Start, At(15), At(30)]);
        usage.Intervals[^1].To.ShouldBe(At(45));
    }

    [Fact]
    public void energy_between_readings_is_interpolated_linearly_and_marked()
    {
        var usage = Build(20, 1000m, 3000m, [new(At(5), null, PowerW: 6000m)]);

        usage.Intervals.Select(i => i.EnergyKwh).ShouldBe([0.5m, 1.5m]);
        usage.Intervals.ShouldAllBe(i => i.EnergyInterpolated);
        usage.Intervals.Select(i => i.PowerKw).ShouldBe([null, 6m]);
    }

    [Fact]
    public void status_changes_turn_charging_into_parking_and_back()
    {
        var usage = Build(60, 0m, 10000m, [new(At(30), 10000m)],
            new ActivityChange(At(0), Charging: true),
            new ActivityChange(At(30), Charging: false),
            new ActivityChange(At(50), Charging: true));

        usage.Intervals.Select(i => (i.From, i.Charging)).ShouldBe([(Start, true), (At(30), false), (At(50), true)]);
    }

    [Fact]
    public void power_near_zero_means_parking_even_while_the_status_says_charging()
    {
        var usage = Build(60, 0m, 11000m, [new(At(0), null, PowerW: 11000m), new(At(40), 11000m, PowerW: 20m)],
            new ActivityChange(At(0), Charging: true));

        usage.Intervals.Select(i => i.Charging).ShouldBe([true, false]);
        usage.Intervals[1].EnergyKwh.ShouldBe(0m);
    }

    [Fact]
    public void a_suspended_evse_is_charging_time_not_parking()
    {
        // OCPI 2.2.1 bug-fix text: PARKING_TIME is when the EV does not request power; here the EVSE withholds it.
        var usage = Build(60, 0m, 5000m, [new(At(30), 5000m, PowerW: 0m)],
            new ActivityChange(At(30), Charging: false, EvseSuspended: true));

        usage.Intervals.Select(i => i.Charging).ShouldBe([true, true]);
    }

    [Fact]
    public void a_register_that_goes_backwards_yields_no_negative_energy_and_is_marked()
    {
        var usage = Build(30, 5000m, 1100m, [new(At(10), 6000m), new(At(20), 100m)]);

        usage.Intervals.Select(i => i.EnergyKwh).ShouldBe([1m, 0m, 1m]);
        usage.Intervals.Select(i => i.EnergyClampedAtZero).ShouldBe([false, true, false]);
    }

    [Fact]
    public void samples_outside_the_session_are_ignored_and_order_does_not_matter()
    {
        var usage = Build(30, 0m, 3000m,
        [
            new(At(20), 2000m),
            new(At(-5), 99999m, PowerW: 1m),
            new(At(10), 1000m),
            new(At(40), 123456m),
        ]);

        usage.Intervals.Select(i => i.EnergyKwh).ShouldBe([1m, 1m, 1m]);
        usage.Intervals.ShouldAllBe(i => i.PowerKw == null);
    }

    [Fact]
    public void a_session_without_duration_has_no_intervals()
    {
        UsageTimeline.FromSamples(Start, Start, 100m, 100m, [], []).Intervals.ShouldBeEmpty();
    }

    [Fact]
    public void samples_priced_end_to_end_give_the_spec_result()
    {
        // tariff_13: 150 min charging at 3.00/h and 42 min parking at 5.00/h (step 300 s) = 11.25 / 12.75.
        var usage = UsageTimeline.FromSamples(Start, At(192), 0m, 30000m,
            [new(At(60), 12000m, PowerW: 11000m), new(At(150), 30000m, PowerW: 0m)],
            [new ActivityChange(At(0), Charging: true), new ActivityChange(At(150), Charging: false)]);

        var priced = TariffCalculator.Price(PricingSpec.OcpiExampleTariff("tariff_13_simple_3hour_5parking.json"),
            DateTimeZoneProviders.Tzdb["Europe/Berlin"], usage);

        priced.TotalCost.ShouldBe(new Price(11.25m, 12.75m));
        priced.TotalEnergy.ShouldBe(30m);
        priced.ChargingPeriods.Count.ShouldBe(2);
    }
    [Fact]
    public void a_day_of_ten_second_samples_merges_into_the_periods_where_prices_change()
    {
        // 8640 readings at 11 kW; tariff_4's TIME element for up to 32 A applies all day, parking never starts.
        var samples = Enumerable.Range(1, 8639)
            .Select(i => new MeterSample(Start + Duration.FromSeconds(10 * i), 11000m * 10 * i / 3600, PowerW: 11000m, CurrentA: 16m))
            .ToArray();
        var usage = UsageTimeline.FromSamples(Start, Start + Duration.FromDays(1), 0m, 264000m, samples, []);

        var priced = TariffCalculator.Price(PricingSpec.OcpiExampleTariff("tariff_4_complex.json"),
            DateTimeZoneProviders.Tzdb["Europe/Berlin"], usage);

        usage.Intervals.Count.ShouldBe(8640);
        priced.TotalEnergy.ShouldBe(264m, 0.000001m); // readings of 11000 × 10 i / 3600 Wh carry decimal noise
        // The first 10 s have no current measured yet, so no TIME element applies; step_size 900 s rounds the rest up to 24 h.
        priced.Unrounded.Time.ExclVat.ShouldBe(24m);
        priced.ChargingPeriods.Count.ShouldBe(2);
    }
}
