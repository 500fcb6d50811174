using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Shouldly;
using Xunit;
using static Roaming.Protocols.Ocpi.Tests.Pricing.TestTariffs;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

public sealed class CompiledTariffCacheTests
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private static SessionUsage TenKwh() => UsageBuilder.StartingAt("2024-06-03T10:00", Amsterdam).ChargeMinutes(60, kwh: 10m).Build();

    [Fact]
    public void The_same_tariff_version_loaded_twice_is_compiled_once_and_prices_as_before()
    {
        var cache = new CompiledTariffCache(capacity: 16);
        var first = cache.Get(With(Element(Energy(0.30m))), version: 1);
        var loadedAgain = cache.Get(With(Element(Energy(0.30m))), version: 1);

        loadedAgain.ShouldBeSameAs(first);
        TariffCalculator.Price(loadedAgain, Amsterdam, TenKwh()).TotalCost.ExclVat.ShouldBe(3.00m);
    }

    [Fact]
    public void A_tariff_recreated_with_a_reused_version_number_is_priced_with_its_new_content()
    {
        var cache = new CompiledTariffCache(capacity: 16);
        cache.Get(With(Element(Energy(0.30m))), version: 1);

        var recreated = cache.Get(With(Element(Energy(0.45m))), version: 1);

        TariffCalculator.Price(recreated, Amsterdam, TenKwh()).TotalCost.ExclVat.ShouldBe(4.50m);
    }

    [Fact]
    public void A_price_written_with_another_scale_is_other_content_because_the_amounts_keep_its_scale()
    {
        var cache = new CompiledTariffCache(capacity: 16);
        var plain = TariffCalculator.Price(cache.Get(With(Element(Energy(0.3m))), version: 1), Amsterdam, TenKwh());
        var padded = TariffCalculator.Price(cache.Get(With(Element(Energy(0.300m))), version: 1), Amsterdam, TenKwh());

        plain.Unrounded.Total.ExclVat.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("3.0");
        padded.Unrounded.Total.ExclVat.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("3.000");
    }

    [Fact]
    public void A_changed_restriction_with_the_same_prices_is_other_content()
    {
        var cache = new CompiledTariffCache(capacity: 16);
        cache.Get(With(Element(new TariffRestrictions { MaxKwh = 5m }, Energy(0.30m)), Element(Energy(0.50m))), version: 2);

        var changed = cache.Get(With(Element(new TariffRestrictions { MaxKwh = 8m }, Energy(0.30m)), Element(Energy(0.50m))), version: 2);

        // 8 kWh at 0.30, then 2 kWh at 0.50; the stale 5 kWh threshold would give 4.00.
        TariffCalculator.Price(changed, Amsterdam, TenKwh()).TotalCost.ExclVat.ShouldBe(3.40m);
    }

    [Fact]
    public void The_cache_never_holds_more_than_its_capacity()
    {
        var cache = new CompiledTariffCache(capacity: 3);
        for (var version = 1; version <= 10; version++) cache.Get(With(Element(Energy(0.30m))), version);

        cache.Count.ShouldBeLessThanOrEqualTo(3);
    }

    [Fact]
    public void An_invalid_tariff_is_refused_as_by_compile()
    {
        var cache = new CompiledTariffCache(capacity: 3);

        Should.Throw<ArgumentException>(() => cache.Get(With(), version: 1));
    }
}
