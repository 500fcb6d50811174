using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Shouldly;
using Xunit;
using static Roaming.Protocols.Ocpi.Tests.Pricing.TestTariffs;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>The calculation rules of ocpi.md §6 one at a time, on small tariffs written for the rule.</summary>
public class PricingRuleTests
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private static UsageBuilder Session() => UsageBuilder.StartingAt("2024-06-03T10:00", Amsterdam);

    private static PricedSession Price(Tariff tariff, SessionUsage usage) => TariffCalculator.Price(tariff, Amsterdam, usage);

    [Fact]
    public void current_restrictions_switch_the_element_when_the_current_changes()
    {
        var tariff = With(
            Element(new TariffRestrictions { MaxCurrent = 32m }, Time(1.00m)),
            Element(new TariffRestrictions { MinCurrent = 32m }, Time(2.00m)));

        var priced = Price(tariff, Session().ChargeMinutes(60, 5m, currentA: 16m).ChargeMinutes(60, 20m, currentA: 40m).Build());

        priced.Unrounded.Time.ExclVat.ShouldBe(3.00m);
        priced.ChargingPeriods.Select(p => p.OptionalVolumeOf(CdrDimensionType.MaxCurrent)).ShouldBe([16m, 40m]);
    }

    [Fact]
    public void an_element_restricted_on_current_does_not_apply_when_current_was_not_measured()
    {
        var tariff = With(
            Element(new TariffRestrictions { MaxCurrent = 32m }, Time(1.00m)),
            Element(Time(3.00m)));

        var priced = Price(tariff, Session().ChargeMinutes(60, 5m).Build());

        priced.Unrounded.Time.ExclVat.ShouldBe(3.00m);
        priced.Explanation.Single(l => l.ComponentType == TariffDimensionType.Time).Note.ShouldNotBeNull()
            .ShouldContain("elements[0] not applied: its current restriction needs a measured current");
    }

    [Fact]
    public void power_restrictions_use_the_average_power_when_power_was_not_measured()
    {
        var tariff = With(
            Element(new TariffRestrictions { MaxPower = 22m }, Energy(0.30m)),
            Element(Energy(0.50m)));

        // 11 kWh in 1 h is 11 kW; 50 kWh in 1 h is 50 kW.
        var priced = Price(tariff, Session().ChargeMinutes(60, 11m).ChargeMinutes(60, 50m).Build());

        priced.Unrounded.Energy.ExclVat.ShouldBe(11 * 0.30m + 50 * 0.50m);
    }

    [Fact]
    public void kwh_thresholds_split_an_interval_where_the_session_energy_crosses_them()
    {
        var tariff = With(
            Element(new TariffRestrictions { MaxKwh = 10m }, Energy(0.10m)),
            Element(new TariffRestrictions { MinKwh = 10m }, Energy(0.30m)));

        var priced = Price(tariff, Session().ChargeMinutes(90, 30m).Build());

        priced.Unrounded.Energy.ExclVat.ShouldBe(10 * 0.10m + 20 * 0.30m);
        priced.ChargingPeriods.Select(p => p.StartDateTime - priced.ChargingPeriods[0].StartDateTime)
            .ShouldBe([Duration.Zero, Duration.FromMinutes(30)]);
    }

    [Fact]
    public void duration_restrictions_count_from_the_session_start_not_from_the_parking_start()
    {
        // Free parking until two hours after plug-in (spec issues #434 and #566), 5.00/h after that.
        var tariff = With(
            Element(new TariffRestrictions { MaxDuration = 7200 }, Parking(0.00m)),
            Element(Parking(5.00m)),
            Element(Energy(0.25m)));

        var priced = Price(tariff, Session().ChargeMinutes(90, 20m).ParkMinutes(60).Build());

        priced.Unrounded.Parking.ExclVat.ShouldBe(2.50m); // 30 of the 60 minutes fall after 2 h
        priced.Unrounded.Energy.ExclVat.ShouldBe(5.00m);
    }

    [Fact]
    public void vat_is_applied_per_component_and_a_missing_vat_means_none()
    {
        var tariff = With(Element(Flat(1.00m, vat: 20m), Energy(0.50m, vat: 10m), Time(2.00m)));

        var priced = Price(tariff, Session().ChargeMinutes(30, 10m).Build());

        priced.TotalFixedCost.ShouldBe(new Price(1.00m, 1.20m));
        priced.TotalEnergyCost.ShouldBe(new Price(5.00m, 5.50m));
        priced.TotalTimeCost.ShouldBe(new Price(1.00m, 1.00m));
        priced.TotalCost.ShouldBe(new Price(7.00m, 7.70m));
    }

    [Fact]
    public void max_price_clamps_excl_and_incl_separately()
    {
        // 9.50 excl is below the 10.00 cap, but 9.50 + 20 % = 11.40 incl is above the 11.00 cap.
        var tariff = With(Element(Energy(0.95m, vat: 20m))) with { MaxPrice = new Price(10.00m, 11.00m) };

        var priced = Price(tariff, Session().ChargeMinutes(60, 10m).Build());

        priced.TotalCost.ShouldBe(new Price(9.50m, 11.00m));
        priced.TotalEnergyCost.ShouldBe(new Price(9.50m, 11.40m));
        priced.Unrounded.BeforeLimits.ShouldBe(new Price(9.50m, 11.40m));
    }

    [Fact]
    public void min_price_without_incl_vat_only_clamps_excl()
    {
        var tariff = With(Element(Energy(0.25m, vat: 10m))) with { MinPrice = new Price(1.00m) };

        var priced = Price(tariff, Session().ChargeMinutes(10, 2m).Build());

        priced.TotalCost.ShouldBe(new Price(1.00m, 0.55m));
    }

    [Theory]
    [InlineData("EUR", 2.3456, 2.35)]
    [InlineData("JPY", 234.5, 235)]
    [InlineData("KWD", 1.23456, 1.235)]
    [InlineData("CHF", 0.125, 0.13)]
    public void totals_are_rounded_once_half_away_from_zero_to_the_currency_minor_unit(string currency, double exact, double rounded)
    {
        var tariff = With(Element(Energy((decimal)exact))) with { Currency = currency };

        var priced = Price(tariff, Session().ChargeMinutes(60, 1m).Build());

        priced.Unrounded.Total.ExclVat.ShouldBe((decimal)exact);
        priced.TotalCost.ExclVat.ShouldBe((decimal)rounded);
    }

    [Fact]
    public void energy_step_size_rounds_the_session_total_with_the_last_component_and_bills_the_extra_at_its_price()
    {
        // ocpi.md §6.6: 4.3 kWh at 0.20 and 1.1 kWh at 0.27, step 500 Wh: 5.4 kWh is billed as 5.5 kWh, the extra 0.1 at 0.27.
        var tariff = With(
            Element(new TariffRestrictions { StartTime = "00:00", EndTime = "11:00" }, Energy(0.20m, stepWh: 500)),
            Element(Energy(0.27m, stepWh: 500)));

        var priced = Price(tariff, Session().ChargeMinutes(60, 4.3m).ChargeMinutes(30, 1.1m).Build());

        priced.Unrounded.Energy.ExclVat.ShouldBe(4.3m * 0.20m + 1.2m * 0.27m);
        priced.TotalEnergy.ShouldBe(5.4m);
        priced.Explanation.Where(l => l.Dimension == CdrDimensionType.Energy).Select(l => l.BilledVolume).ShouldBe([4.3m, 1.2m]);
    }

    [Fact]
    public void charging_time_is_rounded_when_there_is_no_priced_parking()
    {
        var tariff = With(Element(Time(6.00m, stepSeconds: 900)));

        var priced = Price(tariff, Session().ChargeMinutes(31, 5m).ParkMinutes(10).Build());

        priced.Unrounded.Time.ExclVat.ShouldBe(4.50m); // 31 min billed as 45 min
        priced.TotalParkingTime.ShouldBe(10m / 60m);
    }

    [Fact]
    public void a_flat_fee_is_charged_once_however_many_elements_and_periods_carry_one()
    {
        var tariff = With(
            Element(new TariffRestrictions { StartTime = "00:00", EndTime = "11:00" }, Flat(1.00m), Time(1.00m)),
            Element(Flat(2.00m), Time(2.00m)));

        var priced = Price(tariff, Session().ChargeMinutes(120, 5m).Build());

        priced.TotalFixedCost.ShouldBe(new Price(1.00m, 1.00m));
        priced.Unrounded.Time.ExclVat.ShouldBe(1.00m + 2.00m);
    }

    [Fact]
    public void a_flat_fee_of_an_element_that_prices_only_parking_counts_as_parking_cost()
    {
        var tariff = With(
            Element(Energy(0.25m)),
            Element(new TariffRestrictions { MinDuration = 3600 }, Flat(5.00m), Parking(2.00m)));

        var priced = Price(tariff, Session().ChargeMinutes(45, 10m).ParkMinutes(45).Build());

        priced.TotalFixedCost.ShouldBe(Roaming.Protocols.Ocpi.Price.Zero);
        priced.TotalParkingCost.ShouldBe(new Price(6.00m, 6.00m)); // the 5.00 overstay fee and 11:00-11:30 at 2.00/h
        priced.TotalCost.ShouldBe(new Price(8.50m, 8.50m));
    }

    [Fact]
    public void an_expired_reservation_prefers_reservation_expires_elements_wherever_they_are_listed()
    {
        var tariff = With(
            Element(new TariffRestrictions { Reservation = ReservationRestrictionType.Reservation }, Time(3.00m)),
            Element(new TariffRestrictions { Reservation = ReservationRestrictionType.ReservationExpires }, Time(6.00m)),
            Element(Energy(0.25m)));
        var from = UsageBuilder.Local("2024-06-03T10:00", Amsterdam);

        var expired = TariffCalculator.Price(tariff, Amsterdam, UsageBuilder.ExpiredReservation(from, 60));
        var used = Price(tariff, Session().ReservedMinutesBefore(60).ChargeMinutes(60, 10m).Build());

        expired.TotalReservationCost.ShouldBe(new Price(6.00m, 6.00m));
        expired.TotalTime.ShouldBe(0m);
        used.TotalReservationCost.ShouldBe(new Price(3.00m, 3.00m));
        used.TotalEnergyCost.ShouldBe(new Price(2.50m, 2.50m));
    }

    [Fact]
    public void reservation_elements_do_not_price_the_session_and_session_elements_do_not_price_the_reservation()
    {
        var tariff = With(
            Element(new TariffRestrictions { Reservation = ReservationRestrictionType.Reservation }, Flat(2.00m)),
            Element(Time(1.00m)));

        var priced = Price(tariff, Session().ReservedMinutesBefore(30).ChargeMinutes(60, 10m).Build());

        priced.TotalReservationCost.ShouldBe(new Price(2.00m, 2.00m)); // the fee; TIME of the session element does not apply
        priced.TotalTimeCost.ShouldBe(new Price(1.00m, 1.00m));
        priced.TotalFixedCost.ShouldBe(Roaming.Protocols.Ocpi.Price.Zero);
    }

    [Fact]
    public void an_invalid_tariff_is_refused_with_the_bad_field_named()
    {
        var tariff = With(Element(Energy(0.25m) with { StepSize = 0 }));

        var refused = Should.Throw<ArgumentException>(() => Price(tariff, Session().ChargeMinutes(10, 1m).Build()));

        refused.Message.ShouldContain("elements[0].price_components[0].step_size");
    }

    [Fact]
    public void usage_with_a_gap_is_refused()
    {
        var start = Instant.FromUtc(2024, 6, 3, 10, 0);
        var usage = new SessionUsage(start, start + Duration.FromHours(2),
        [
            new UsageInterval(start, start + Duration.FromHours(1), 5m, Charging: true),
            new UsageInterval(start + Duration.FromMinutes(70), start + Duration.FromHours(2), 5m, Charging: true),
        ]);

        Should.Throw<ArgumentException>(() => Price(With(Element(Energy(0.25m))), usage)).Message.ShouldContain("gap");
    }

    [Fact]
    public void a_partner_cdr_that_did_not_split_at_a_price_change_is_priced_at_each_period_start()
    {
        // Reconciliation prices the CDR as recorded: one period from 16:30 carrying 1 h of TIME is priced at the 16:30 price.
        var tariff = With(
            Element(new TariffRestrictions { StartTime = "00:00", EndTime = "17:00" }, Time(1.00m)),
            Element(Time(2.00m)));
        var start = Instant.FromUtc(2024, 6, 3, 16, 30);
        var cdr = new CdrUsage(start, start + Duration.FromHours(1),
            [new ChargingPeriod(start, [new CdrDimension(CdrDimensionType.Time, 1m)])]);

        var priced = TariffCalculator.Reprice(tariff, DateTimeZone.Utc, cdr);

        priced.TotalTimeCost.ShouldBe(new Price(1.00m, 1.00m));
    }
    [Fact]
    public void a_cdr_with_reservation_time_is_repriced_with_the_reservation_elements()
    {
        // tariff_16 as a partner would record it: 13 min RESERVATION_TIME, then 1 h charging 20 kWh.
        var tariff = PricingSpec.OcpiExampleTariff("tariff_16_reservation_2_euro_fee_5_euro_per_hour.json");
        var reserved = Instant.FromUtc(2024, 6, 3, 9, 47);
        var plugged = reserved + Duration.FromMinutes(13);
        var cdr = new CdrUsage(reserved, plugged + Duration.FromHours(1),
        [
            new ChargingPeriod(reserved, [new CdrDimension(CdrDimensionType.ReservationTime, 13m / 60m)]),
            new ChargingPeriod(plugged, [new CdrDimension(CdrDimensionType.Energy, 20m), new CdrDimension(CdrDimensionType.Time, 1m)]),
        ]);

        var priced = TariffCalculator.Reprice(tariff, Amsterdam, cdr);

        priced.TotalCost.ShouldBe(new Price(8.75m, 10.00m));
        priced.TotalReservationCost.ShouldBe(new Price(3.25m, 3.90m));
        priced.TotalTime.ShouldBe(1m);
    }

    [Fact]
    public void the_explanation_names_the_element_and_component_behind_every_amount()
    {
        var tariff = PricingSpec.OcpiExampleTariff("tariff_4_complex.json");
        var usage = UsageBuilder.StartingAt("2024-06-03T09:30", Amsterdam).ChargeMinutes(165, 10m, currentA: 16m).ParkMinutes(42).Build();

        var text = Price(tariff, usage).Describe();

        text.ShouldContain("FLAT fee 2.5 excl, VAT 15 % → 2.875 incl [elements[0].price_components[0]]");
        text.ShouldContain("TIME 2.75 h × 1 = 2.75 excl, VAT 20 % → 3.3 incl [elements[1].price_components[0]]");
        text.ShouldContain("PARKING_TIME 0.7 h (billed 0.75 h) × 5 = 3.75 excl, VAT 10 % → 4.125 incl [elements[4].price_components[0]]");
        text.ShouldContain("Total 9.00 excl. VAT / 10.30 incl. VAT");
    }
}
