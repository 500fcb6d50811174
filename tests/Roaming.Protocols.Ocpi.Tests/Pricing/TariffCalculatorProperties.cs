using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Shouldly;
using static Roaming.Protocols.Ocpi.Tests.Pricing.TestTariffs;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>Properties that hold for any tariff and any usage, checked on generated ones.</summary>
public class TariffCalculatorProperties
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private static readonly Instant Epoch = Instant.FromUtc(2024, 1, 1, 0, 0);

    private static readonly Gen<decimal> Prices = Gen.Choose(0, 1000).Select(cents => cents / 100m);
    private static readonly Gen<decimal?> VatRates = Gen.Elements<decimal?>(null, 0m, 6m, 10m, 20m, 21m, 25.5m);

    private static Gen<PriceComponent?> Optional(Gen<PriceComponent> component) =>
        Gen.Frequency((1, Gen.Constant<PriceComponent?>(null)), (2, component.Select(c => (PriceComponent?)c)));

    /// <summary>One unrestricted element with any mix of components, steps, VAT and price limits: prices never change during a session.</summary>
    private static readonly Gen<Tariff> UnrestrictedTariffs =
        from flat in Optional(from price in Prices from vat in VatRates select Flat(price, vat))
        from energy in Optional(from price in Prices from step in Gen.Elements(1, 100, 500, 1000) from vat in VatRates select Energy(price, step, vat))
        from time in Optional(from price in Prices from step in Gen.Elements(1, 60, 300, 900) from vat in VatRates select Time(price, step, vat))
        from parking in Optional(from price in Prices from step in Gen.Elements(1, 60, 300, 900) from vat in VatRates select Parking(price, step, vat))
        from minimum in Gen.Elements<decimal?>(null, 0.50m, 2m)
        from maximum in Gen.Elements<decimal?>(null, 10m, 40m)
        let components = new[] { flat, energy, time, parking }.OfType<PriceComponent>().ToList()
        select With(Element(components.Count > 0 ? components.ToArray() : [Flat(0m)])) with
        {
            MinPrice = minimum is { } min ? new Price(min, min * 1.2m) : null,
            MaxPrice = maximum is { } max ? new Price(max, max * 1.2m) : null,
        };

    /// <summary>Tariffs whose prices change during a session: time of day, weekdays, current, power, duration, kWh, step sizes.</summary>
    private static readonly Gen<Tariff> RestrictedTariffs = Gen.Elements(
        PricingSpec.OcpiExampleTariff("tariff_4_complex.json"),
        PricingSpec.OcpiExampleTariff("tariff_14_step_size.json"),
        PricingSpec.OcpiExampleTariff("tariffrestriction_example_max_power.json"),
        PricingSpec.OcpiExampleTariff("tariffrestriction_example_max_duration.json"),
        PricingSpec.OcpiExampleTariff("tariff_10_025kwh_parking_start.json"),
        With(
            Element(new TariffRestrictions { MaxKwh = 5m }, Energy(0.10m, 100, 21m)),
            Element(new TariffRestrictions { StartTime = "22:00", EndTime = "06:00" }, Energy(0.20m, 500), Parking(1.00m, 300)),
            Element(new TariffRestrictions { MinDuration = 3600, DayOfWeek = [TariffDayOfWeek.Saturday, TariffDayOfWeek.Sunday] }, Time(3.00m, 60, 9m)),
            Element(Flat(0.35m, 21m), Energy(0.39m, 1, 21m), Time(0.60m, 900, 21m))));

    private static readonly Gen<Tariff> AnyTariff = Gen.OneOf(UnrestrictedTariffs, RestrictedTariffs);

    private sealed record IntervalShape(int Seconds, decimal EnergyKwh, bool Charging, decimal? CurrentA);

    private static readonly Gen<IntervalShape> IntervalShapes =
        from seconds in Gen.Choose(2, 4 * 3600)
        from charging in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from wattHours in Gen.Choose(0, 60000)
        from current in Gen.Elements<decimal?>(null, 10m, 16m, 32m, 40m)
        select new IntervalShape(seconds, charging ? wattHours / 1000m : 0m, charging, current);

    private static readonly Gen<SessionUsage> Usages =
        from startMinute in Gen.Choose(0, 366 * 24 * 60)
        from shapes in IntervalShapes.NonEmptyListOf()
        select UsageOf(Epoch + Duration.FromMinutes(startMinute), shapes.Take(6).ToList());

    private static SessionUsage UsageOf(Instant start, IReadOnlyList<IntervalShape> shapes)
    {
        var intervals = new List<UsageInterval>();
        var cursor = start;
        foreach (var shape in shapes)
        {
            var to = cursor + Duration.FromSeconds(shape.Seconds);
            intervals.Add(new UsageInterval(cursor, to, shape.EnergyKwh, shape.Charging, CurrentA: shape.CurrentA));
            cursor = to;
        }
        return new SessionUsage(start, cursor, intervals);
    }

    private static IEnumerable<Price> AllTotals(PricedSession priced) =>
    [
        priced.TotalCost, priced.TotalFixedCost, priced.TotalEnergyCost, priced.TotalTimeCost, priced.TotalParkingCost,
        priced.TotalReservationCost, priced.Unrounded.Total, priced.Unrounded.BeforeLimits,
    ];

    [Property(MaxTest = 300)]
    public Property cost_is_never_negative() =>
        Prop.ForAll((from tariff in AnyTariff from usage in Usages select (tariff, usage)).ToArbitrary(), pair =>
        {
            var priced = TariffCalculator.Price(pair.tariff, Amsterdam, pair.usage);

            AllTotals(priced).ShouldAllBe(p => p.ExclVat >= 0 && p.InclVat >= 0);
        });

    [Property(MaxTest = 300)]
    public Property cost_never_decreases_when_energy_or_time_grows_while_prices_stay_the_same() =>
        Prop.ForAll((
            from tariff in UnrestrictedTariffs
            from usage in Usages
            from index in Gen.Choose(0, 5)
            from extraWh in Gen.Choose(0, 20000)
            from extraSeconds in Gen.Choose(0, 3 * 3600)
            select (tariff, usage, index, extraWh, extraSeconds)).ToArbitrary(), c =>
        {
            var grown = Grow(c.usage, c.index % c.usage.Intervals.Count, c.extraWh / 1000m, Duration.FromSeconds(c.extraSeconds));

            var before = TariffCalculator.Price(c.tariff, Amsterdam, c.usage);
            var after = TariffCalculator.Price(c.tariff, Amsterdam, grown);

            after.TotalCost.ExclVat.ShouldBeGreaterThanOrEqualTo(before.TotalCost.ExclVat);
            after.TotalCost.InclVat!.Value.ShouldBeGreaterThanOrEqualTo(before.TotalCost.InclVat!.Value);
            after.Unrounded.Total.ExclVat.ShouldBeGreaterThanOrEqualTo(before.Unrounded.Total.ExclVat);
        });

    [Property(MaxTest = 300)]
    public Property splitting_an_interval_where_no_price_changes_changes_nothing() =>
        Prop.ForAll((
            from tariff in AnyTariff
            from usage in Usages
            from index in Gen.Choose(0, 5)
            from permille in Gen.Choose(1, 999)
            select (tariff, usage, index, permille)).ToArbitrary(), c =>
        {
            var split = Split(c.usage, c.index % c.usage.Intervals.Count, c.permille);

            var whole = TariffCalculator.Price(c.tariff, Amsterdam, c.usage);
            var parts = TariffCalculator.Price(c.tariff, Amsterdam, split);

            // A split point is a point with no price change unless the engine itself splits there; either way the
            // result is the same up to nanosecond rounding of kWh-threshold instants.
            foreach (var (a, b) in AllTotals(whole).Zip(AllTotals(parts)))
            {
                a.ExclVat.ShouldBe(b.ExclVat, 0.000001m);
                a.InclVat!.Value.ShouldBe(b.InclVat!.Value, 0.000001m);
            }
            parts.ChargingPeriods.Count.ShouldBe(whole.ChargingPeriods.Count);
        });

    [Property(MaxTest = 300)]
    public Property the_dimension_costs_add_up_to_the_total_before_price_limits() =>
        Prop.ForAll((from tariff in AnyTariff from usage in Usages select (tariff, usage)).ToArbitrary(), pair =>
        {
            var priced = TariffCalculator.Price(pair.tariff, Amsterdam, pair.usage);
            var exact = priced.Unrounded;

            var parts = new[] { exact.Fixed, exact.Energy, exact.Time, exact.Parking, exact.Reservation };
            parts.Sum(p => p.ExclVat).ShouldBe(exact.BeforeLimits.ExclVat);
            parts.Sum(p => p.InclVat!.Value).ShouldBe(exact.BeforeLimits.InclVat!.Value);
            exact.Total.ExclVat.ShouldBe(Clamp(exact.BeforeLimits.ExclVat, pair.tariff.MinPrice?.ExclVat, pair.tariff.MaxPrice?.ExclVat));
            exact.Total.InclVat!.Value.ShouldBe(Clamp(exact.BeforeLimits.InclVat!.Value, pair.tariff.MinPrice?.InclVat, pair.tariff.MaxPrice?.InclVat));
            priced.TotalCost.ExclVat.ShouldBe(decimal.Round(exact.Total.ExclVat, 2, MidpointRounding.AwayFromZero));
        });

    /// <summary>Each tariff compiled once and reused for every case that draws it, as a cache per tariff version does.</summary>
    private static readonly ConditionalWeakTable<Tariff, CompiledTariff> Compiled = new();

    private static readonly Gen<Tariff> TariffsWithReservations = Gen.OneOf(AnyTariff, Gen.Elements(
        PricingSpec.OcpiExampleTariff("tariff_16_reservation_2_euro_fee_5_euro_per_hour.json"),
        PricingSpec.OcpiExampleTariff("tariff_17_reservation_with_expire_fee.json")));

    private static readonly Gen<SessionUsage> UsagesWithReservations =
        from usage in Usages
        from reservedMinutes in Gen.Elements(0, 0, 7, 45, 150)
        select reservedMinutes == 0 ? usage
            : usage with { Reservation = new ReservationUsage(usage.Start - Duration.FromMinutes(reservedMinutes), usage.Start, Expired: false) };

    [Property(MaxTest = 300)]
    public Property a_compiled_tariff_reused_across_sessions_prices_exactly_like_the_tariff_itself() =>
        Prop.ForAll((from tariff in TariffsWithReservations from usage in UsagesWithReservations select (tariff, usage)).ToArbitrary(), pair =>
        {
            var compiled = Compiled.GetValue(pair.tariff, TariffCalculator.Compile);

            var reused = TariffCalculator.Price(compiled, Amsterdam, pair.usage);
            var fresh = TariffCalculator.Price(pair.tariff, Amsterdam, pair.usage);

            ShouldBeIdentical(reused, fresh);
        });

    [Fact]
    public void A_compiled_tariff_shared_by_threads_prices_each_session_as_alone()
    {
        var tariff = PricingSpec.OcpiExampleTariff("tariff_4_complex.json");
        var random = new Random(4711);
        var usages = Enumerable.Range(0, 200).Select(_ => UsageOf(Epoch + Duration.FromMinutes(random.Next(366 * 24 * 60)),
            Enumerable.Range(0, random.Next(1, 12)).Select(_ => new IntervalShape(
                random.Next(2, 4 * 3600), random.Next(60000) / 1000m, random.Next(4) > 0, random.Next(3) == 0 ? null : random.Next(6, 40))).ToList())).ToList();
        var alone = usages.Select(u => TariffCalculator.Price(tariff, Amsterdam, u)).ToList();
        var compiled = TariffCalculator.Compile(tariff);

        var shared = new PricedSession[usages.Count];
        Parallel.For(0, usages.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => shared[i % usages.Count] = TariffCalculator.Price(compiled, Amsterdam, usages[i % usages.Count]));

        for (var i = 0; i < usages.Count; i++) ShouldBeIdentical(shared[i], alone[i]);
    }

    /// <summary>Same periods, volumes, totals (to the last digit and scale) and explanation.</summary>
    private static void ShouldBeIdentical(PricedSession actual, PricedSession expected)
    {
        static string Text(PricedSession p) => string.Join('\n',
            p.ChargingPeriods.Select(c => $"{c.StartDateTime} {c.TariffId} {string.Join(' ', c.Dimensions.Select(d => $"{d.Type}={d.Volume}"))}")
                .Concat(AllTotals(p).Select(t => $"{t.ExclVat}/{t.InclVat}"))
                .Append($"{p.TotalEnergy} {p.TotalTime} {p.TotalParkingTime} {p.TotalReservationTime} {p.Unrounded}")
                .Concat(p.Explanation.Select(l => l.ToString() + " " + (l with { Note = null }))));

        Text(actual).ShouldBe(Text(expected));
        actual.Explanation.ShouldBe(expected.Explanation);
    }

    private static decimal Clamp(decimal value, decimal? min, decimal? max)
    {
        if (min is { } low && value < low) value = low;
        if (max is { } high && value > high) value = high;
        return value;
    }

    private static SessionUsage Grow(SessionUsage usage, int index, decimal extraKwh, Duration extraTime)
    {
        var intervals = new List<UsageInterval>();
        var shift = Duration.Zero;
        for (var i = 0; i < usage.Intervals.Count; i++)
        {
            var interval = usage.Intervals[i];
            var moved = interval with { From = interval.From + shift, To = interval.To + shift };
            if (i == index)
            {
                moved = moved with { To = moved.To + extraTime, EnergyKwh = moved.EnergyKwh + (moved.Charging ? extraKwh : 0m) };
                shift = extraTime;
            }
            intervals.Add(moved);
        }
        return usage with { End = usage.End + shift, Intervals = intervals };
    }

    private static SessionUsage Split(SessionUsage usage, int index, int permille)
    {
        var interval = usage.Intervals[index];
        var at = interval.From + Duration.FromNanoseconds((interval.To - interval.From).ToInt64Nanoseconds() / 1000 * permille);
        // Energy apportioned by time, as constant power within the interval implies; the remainder keeps the sum exact.
        var firstEnergy = interval.EnergyKwh * (at - interval.From).ToInt64Nanoseconds() / (interval.To - interval.From).ToInt64Nanoseconds();
        var intervals = usage.Intervals.ToList();
        intervals[index] = interval with { To = at, EnergyKwh = firstEnergy };
        intervals.Insert(index + 1, interval with { From = at, EnergyKwh = interval.EnergyKwh - firstEnergy });
        return usage with { Intervals = intervals };
    }
}
