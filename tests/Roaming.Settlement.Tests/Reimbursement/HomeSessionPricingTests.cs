using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Settlement.Reimbursement.Employers;
using Roaming.Settlement.Reimbursement.Pricing;
using Roaming.Settlement.Reimbursement.Sessions;
using Shouldly;
using Xunit;
using static Roaming.Settlement.Tests.Reimbursement.ReimbursementSamples;

namespace Roaming.Settlement.Tests.Reimbursement;

/// <summary>Home sessions priced at the employer's fixed rate and at the employee's energy contract (fixed and time-of-use).</summary>
public class HomeSessionPricingTests
{
    [Theory]
    [InlineData("12.345", "0.3258", "EUR", "4.02")]   // 4.021... rounds down
    [InlineData("1", "0.125", "EUR", "0.13")]          // exactly half a cent: away from zero
    [InlineData("3", "0.125", "EUR", "0.38")]          // 0.375
    [InlineData("0", "0.3258", "EUR", "0")]
    [InlineData("7.5", "41.5", "JPY", "311")]          // 311.25, no minor unit
    [InlineData("2.0005", "0.1", "KWD", "0.200")]      // 0.20005: three decimals, half away from zero -> 0.200
    [InlineData("10.0035", "0.5", "KWD", "5.002")]     // 5.00175 -> 5.002
    public void fixed_employer_rate_is_kwh_times_rate_rounded_once(string kwh, string rate, string currency, string expected)
    {
        var employerRate = new EmployerRate("DE", 2026, Parse(rate), "BDEW household price 2026");
        var priced = HomeSessionPricing.AtEmployerRate(Parse(kwh), employerRate, currency);
        priced.Amount.ShouldBe(Parse(expected));
        priced.RatePerKwh.ShouldBe(Parse(rate));
        priced.RateSource.ShouldBe("employer rate DE 2026: BDEW household price 2026");
    }

    [Property(MaxTest = 500)]
    public Property fixed_rate_amount_is_within_half_a_minor_unit_of_the_exact_product() =>
        Prop.ForAll(Gen.Choose(0, 200_000).ToArbitrary(), Gen.Choose(1, 9_999).ToArbitrary(), (wh, tenThousandths) =>
        {
            var (kwh, rate) = (wh / 1000m, tenThousandths / 10_000m);
            var amount = HomeSessionPricing.AtEmployerRate(kwh, new EmployerRate("DE", 2026, rate, "s"), "EUR").Amount;
            return (amount == Math.Round(kwh * rate, 2, MidpointRounding.AwayFromZero) && Math.Abs(amount - kwh * rate) <= 0.005m && amount.Scale <= 2)
                .Label($"{kwh} kWh x {rate} = {amount}");
        });

    public static TheoryData<string, int, int, int, int, decimal?, string> TimeOfUseCases => new()
    {
        // reading id, local start hour, duration h, Wh before 22:00, Wh after 22:00, VAT, expected amount
        { "day only", 18, 2, 4000, 0, null, "1.60" },
        { "night only", 23, 3, 0, 6000, null, "1.50" },
        { "across 22:00", 21, 2, 2000, 3000, null, "1.55" },
        { "across 22:00 with VAT", 21, 2, 2000, 3000, 19m, "1.84" }, // 1.55 x 1.19 = 1.8445
    };

    [Theory]
    [MemberData(nameof(TimeOfUseCases))]
    public void time_of_use_tariff_prices_each_stretch_at_the_price_of_its_local_time(string name, int startHour, int hours, int whBefore22, int whAfter22,
        decimal? vat, string expected)
    {
        var start = Local(2026, 11, 10, startHour);
        var end = start + NodaTime.Duration.FromHours(hours);
        var readings = whBefore22 > 0 && whAfter22 > 0 ? new[] { new RegisterReading(Local(2026, 11, 10, 22), 10_000m + whBefore22) } : [];
        var session = Reading(name, start, end, 10_000m, 10_000m + whBefore22 + whAfter22) with { Readings = readings };
        var tariff = Tariff(TimeOfUseTariffJson(vat: vat));

        var priced = HomeSessionPricing.AtTariff(session.EnergyKwh, tariff, BerlinZone, HomeSessionPricing.UsageOf(session));

        priced.Amount.ShouldBe(Parse(expected), name);
        priced.RateSource.ShouldBe("tariff:T-TOU (energy contract)");
        priced.EnergyKwh.ShouldBe((whBefore22 + whAfter22) / 1000m);
    }

    [Property(MaxTest = 150)]
    public Property a_tariff_line_is_the_engines_total_rounded_once_and_between_the_cheapest_and_dearest_price() =>
        Prop.ForAll(Gen.Choose(0, 23).ToArbitrary(), Gen.Choose(1, 600).ToArbitrary(), Gen.Choose(1, 40_000).ToArbitrary(), (startHour, minutes, wh) =>
        {
            var start = Local(2026, 11, 10, startHour);
            var session = Reading("r", start, start + NodaTime.Duration.FromMinutes(minutes), 1_000m, 1_000m + wh);
            var tariff = Tariff(TimeOfUseTariffJson());
            var usage = HomeSessionPricing.UsageOf(session);
            var priced = HomeSessionPricing.AtTariff(session.EnergyKwh, tariff, BerlinZone, usage);
            var engine = TariffCalculator.Price(tariff, BerlinZone, usage).TotalCost;
            var kwh = wh / 1000m;
            return (priced.Amount == Math.Round(engine.InclVat ?? engine.ExclVat, 2, MidpointRounding.AwayFromZero)
                    && priced.Amount >= Math.Round(kwh * 0.25m, 2, MidpointRounding.AwayFromZero) - 0.01m
                    && priced.Amount <= Math.Round(kwh * 0.40m, 2, MidpointRounding.AwayFromZero) + 0.01m)
                .Label($"{kwh} kWh from {startHour}:00 for {minutes} min: {priced.Amount} (engine {engine})");
        });

    [Theory]
    [InlineData("0.30")]
    [InlineData("0.3258")]
    public void a_fixed_energy_contract_prices_like_its_single_rate(string price)
    {
        var session = Reading("r", Local(2026, 11, 3, 19), Local(2026, 11, 3, 23), 0m, 12_345m);
        var priced = HomeSessionPricing.AtTariff(session.EnergyKwh, Tariff(FixedTariffJson(Parse(price))), BerlinZone, HomeSessionPricing.UsageOf(session));
        priced.Amount.ShouldBe(Math.Round(12.345m * Parse(price), 2, MidpointRounding.AwayFromZero));
        priced.RateSource.ShouldBe("tariff:T-FIX (energy contract)");
    }

    private static decimal Parse(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
