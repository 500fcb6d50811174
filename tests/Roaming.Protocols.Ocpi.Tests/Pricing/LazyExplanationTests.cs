using System.Text.Json;
using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Shouldly;
using Xunit;
using static Roaming.Protocols.Ocpi.Tests.Pricing.TestTariffs;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>The explanation is rendered on first read; readers (the explain endpoint's JSON, Describe) see ordinary lines.</summary>
public sealed class LazyExplanationTests
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private static PricedSession Priced() => TariffCalculator.Price(
        With(Element(Flat(1.00m, vat: 21m), Energy(0.30m, stepWh: 500, vat: 21m), Parking(2.00m))),
        Amsterdam,
        UsageBuilder.StartingAt("2024-06-03T10:00", Amsterdam).ChargeMinutes(60, kwh: 10.2m).ParkMinutes(30).Build());

    [Fact]
    public void The_explanation_goes_on_the_wire_as_an_array_of_its_lines()
    {
        var priced = Priced();

        var json = JsonSerializer.Serialize(new { lines = priced.Explanation });

        using var document = JsonDocument.Parse(json);
        var lines = document.RootElement.GetProperty("lines");
        lines.ValueKind.ShouldBe(JsonValueKind.Array);
        lines.GetArrayLength().ShouldBe(3);
        lines[0].GetProperty("AmountExclVat").GetDecimal().ShouldBe(1.00m);
        lines[1].GetProperty("BilledVolume").GetDecimal().ShouldBe(10.5m);
        lines[1].GetProperty("Note").GetString().ShouldBe("step_size 500 Wh rounds the session's 10.2 kWh up to 10.5 kWh; the extra is billed here");
        lines[2].GetProperty("AmountExclVat").GetDecimal().ShouldBe(1.00m);
    }

    [Fact]
    public void Reading_the_explanation_from_many_threads_at_once_gives_every_reader_the_same_lines()
    {
        var priced = Priced();

        var seen = Enumerable.Range(0, 8).AsParallel().Select(_ => priced.Describe()).Distinct().ToList();

        seen.Count.ShouldBe(1);
        seen[0].ShouldContain("ENERGY 10.2 kWh (billed 10.5 kWh) × 0.3 = 3.15 excl, VAT 21 % → 3.8115 incl");
    }
}
