using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Shouldly;
using Xunit;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>
/// The conformance cases of the tandemdrive/ocpi-tariffs engine (MIT/Apache-2.0, commit 26233fa; see
/// spec/ocpi-tariff-cases/SOURCE.txt and LICENSE-MIT), read from that folder at test time. Each CDR's periods are
/// re-priced as recorded and every total the CDR states must match within 0.01.
/// The CDRs write the spec examples' local clock times with a Z (step_size/cdr1 plugs in at "16:55Z", which is the
/// spec's 16:55 local), so they are priced in UTC.
/// </summary>
public class PeerTariffCaseTests
{
    private const decimal Tolerance = 0.01m;

    /// <summary>
    /// Where the peer is wrong, the figure we assert instead, and why. Keyed by "case/cdr file" and total name.
    /// </summary>
    private static readonly Dictionary<(string Cdr, string Total), (Price Expected, string Why)> Deviations = new()
    {
        [("025kwh_min_price/cdr2_less_than_2kWh.json", "total_cost")] = (new Price(0.50m, 0.55m),
            "the tariff's min_price is 0.50 excl / 0.55 incl and OCPI clamps total_cost to it; the peer engine does not " +
            "apply min_price (see reference/ocpi-peers.md) and states the unclamped 0.30 / 0.33. The spec's own example " +
            "for this tariff (tariff_12, below 2 kWh) also gives 0.50 / 0.55."),
    };

    public sealed record PeerCdr(string Case, string File)
    {
        public string Key => $"{Case}/{File}";

        public override string ToString() => Key;
    }

    public static TheoryData<PeerCdr> Cdrs()
    {
        var data = new TheoryData<PeerCdr>();
        foreach (var caseDirectory in Directory.GetDirectories(PricingSpec.PeerTariffCases).Order(StringComparer.Ordinal))
        {
            foreach (var cdrFile in Directory.GetFiles(caseDirectory, "cdr*.json").Order(StringComparer.Ordinal))
                data.Add(new PeerCdr(Path.GetFileName(caseDirectory), Path.GetFileName(cdrFile)));
        }
        return data;
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var caseDirectory in Directory.GetDirectories(PricingSpec.PeerTariffCases).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(caseDirectory));
        return data;
    }

    [Fact]
    public void the_peer_suite_is_all_there()
    {
        Cases().Count<object[]>().ShouldBe(24);
        Cdrs().Count<object[]>().ShouldBe(9);
    }

    [Theory]
    [MemberData(nameof(Cdrs))]
    public void peer_cdr_totals_are_reproduced_within_a_cent(PeerCdr peer)
    {
        var tariff = PeerTariff(peer.Case);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(PricingSpec.PeerTariffCases, peer.Case, peer.File)));
        var cdr = RecordedCdr.From(document.RootElement);

        var priced = TariffCalculator.Reprice(tariff, DateTimeZone.Utc, cdr.Usage);

        var ours = OurCostTotals(priced);
        cdr.CostTotals.ShouldNotBeEmpty();
        foreach (var (name, stated) in cdr.CostTotals)
        {
            var expected = Deviations.TryGetValue((peer.Key, name), out var deviation) ? deviation.Expected : stated;
            ours[name].ExclVat.ShouldBe(expected.ExclVat, Tolerance, $"{name} excl. VAT\n{priced.Describe()}");
            ours[name].InclVat!.Value.ShouldBe(expected.InclVat ?? expected.ExclVat, Tolerance, $"{name} incl. VAT\n{priced.Describe()}");
        }

        var volumes = OurVolumeTotals(priced);
        foreach (var (name, stated) in cdr.VolumeTotals)
            volumes[name].ShouldBe(stated, Tolerance, name);
    }

    [Fact]
    public void the_min_price_deviation_still_agrees_with_the_peer_on_the_energy_cost()
    {
        var tariff = PeerTariff("025kwh_min_price");
        using var document = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(PricingSpec.PeerTariffCases, "025kwh_min_price", "cdr2_less_than_2kWh.json")));
        var cdr = RecordedCdr.From(document.RootElement);

        var priced = TariffCalculator.Reprice(tariff, DateTimeZone.Utc, cdr.Usage);

        priced.TotalEnergyCost.ShouldBe(new Price(0.30m, 0.33m));
        priced.TotalCost.ShouldBe(new Price(0.50m, 0.55m));
        priced.Explanation.ShouldContain(l => l.Kind == PricingLineKind.PriceLimit);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void peer_tariff_is_a_valid_ocpi_tariff(string caseName)
    {
        var tariff = PeerTariff(caseName);

        var errors = TariffValidation.Validate(tariff);

        errors.ToDictionary().ShouldBeEmpty();
    }

    [Fact]
    public void first_hour_kwh_free_charges_parking_and_energy_after_their_thresholds()
    {
        // No CDR in the peer suite for this tariff: the first kWh and the first hour of parking are free,
        // parking costs 2.00/h until 3 h after the start and 3.00/h after that, energy beyond 1 kWh costs 0.20.
        var tariff = PeerTariff("first_hour_kwh_free");
        var usage = UsageBuilder.StartingAt(Instant.FromUtc(2024, 6, 3, 10, 0))
            .ChargeMinutes(30, kwh: 6m)
            .ParkMinutes(210)
            .Build();

        var priced = TariffCalculator.Price(tariff, DateTimeZone.Utc, usage);

        priced.TotalEnergyCost.ShouldBe(new Price(1.00m, 1.00m)); // 5 kWh at 0.20
        priced.TotalParkingCost.ShouldBe(new Price(7.00m, 7.00m)); // 10:30-11:00 free, 11:00-13:00 at 2.00, 13:00-14:00 at 3.00
        priced.ChargingPeriods.Count.ShouldBe(5); // energy threshold, then parking at 10:30, 11:00, 13:00
    }

    private static Dictionary<string, Price> OurCostTotals(PricedSession priced) => new()
    {
        ["total_cost"] = priced.TotalCost,
        ["total_fixed_cost"] = priced.TotalFixedCost,
        ["total_energy_cost"] = priced.TotalEnergyCost,
        ["total_time_cost"] = priced.TotalTimeCost,
        ["total_parking_cost"] = priced.TotalParkingCost,
        ["total_reservation_cost"] = priced.TotalReservationCost,
    };

    private static Dictionary<string, decimal> OurVolumeTotals(PricedSession priced) => new()
    {
        ["total_energy"] = priced.TotalEnergy,
        ["total_time"] = priced.TotalTime,
        ["total_parking_time"] = priced.TotalParkingTime,
    };

    /// <summary>
    /// The peer's tariff.json. grace_period_parking_time omits country_code, party_id and last_updated, which OCPI
    /// requires (the peer engine ignores them); they are filled in so the document reads as a Tariff.
    /// </summary>
    private static Tariff PeerTariff(string caseName)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(PricingSpec.PeerTariffCases, caseName, "tariff.json")))!.AsObject();
        json.TryAdd("country_code", "DE");
        json.TryAdd("party_id", "ALL");
        json.TryAdd("last_updated", "2018-12-17T17:15:01Z");
        return json.Deserialize<Tariff>(PricingSpec.Json)!;
    }
}
