using System.Text.Json;
using NodaTime;
using Roaming.Charging.Reconciliation;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Client.Emsp.Cdrs;
using Roaming.Ochp.Client.Emsp.Tariffs;
using Roaming.Protocols.Bridge;
using Roaming.Platform.Json;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Protocols.Ocpi.Tariffs;
using Shouldly;
using ChargingCdr = Roaming.Charging.Cdrs.Ocpi.Cdr;
using OcpiTokenType = Roaming.Protocols.Ocpi.TokenType;
using OcpiAuthMethod = Roaming.Protocols.Ocpi.AuthMethod;
using OcpiConnectorType = Roaming.Protocols.Ocpi.Locations.ConnectorType;
using OcpiConnectorFormat = Roaming.Protocols.Ocpi.Locations.ConnectorFormat;

namespace Roaming.Ochp.Tests.Client.Emsp;

/// <summary>
/// An OCHP CDR → the OCPI CDR Charging re-prices; and across both client roles: a CDR we issue as CPO, uploaded as
/// OCHP and received as e-MSP, re-prices to the cent with our own tariff after its trip through OCHP.
/// </summary>
public class CdrMappingTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 10, 0);
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private static readonly ProviderId Us = ProviderId.Parse("NL*TNM");

    private static readonly Tariff OurTariff = new()
    {
        CountryCode = "NL", PartyId = "CPO", Id = "TARIFF-1", Currency = "EUR", LastUpdated = Start,
        Elements =
        [
            new TariffElement
            {
                PriceComponents =
                [
                    new PriceComponent { Type = TariffDimensionType.Flat, Price = 0.50m, Vat = 21m, StepSize = 1 },
                    new PriceComponent { Type = TariffDimensionType.Energy, Price = 0.30m, Vat = 21m, StepSize = 1 },
                ],
            },
        ],
    };

    /// <summary>7.5 kWh in three 10-minute periods: 0.50 + 7.5 × 0.30 = 2.75 excl. VAT (3.33 incl.), as the first flow prices it.</summary>
    private static Cdr OurCdr(decimal totalExclVat) => new()
    {
        CountryCode = "NL", PartyId = "CPO", Id = "CDR-0001", StartDateTime = Start, EndDateTime = Start + Duration.FromMinutes(30),
        CdrToken = new CdrToken { CountryCode = "NL", PartyId = "TNM", Uid = "04A2B3C4", Type = OcpiTokenType.Rfid, ContractId = "NL-TNM-C00000001" },
        AuthMethod = OcpiAuthMethod.Whitelist,
        CdrLocation = new CdrLocation
        {
            Id = "LOC1", Address = "Stationsplein 1", City = "Amsterdam", PostalCode = "1012AB", Country = "NLD", EvseUid = "LOC1-E1",
            EvseId = "NL*CPO*E0001", ConnectorId = "1", ConnectorStandard = OcpiConnectorType.Iec62196T2, ConnectorFormat = OcpiConnectorFormat.Socket,
            ConnectorPowerType = PowerType.Ac3Phase,
        },
        Currency = "EUR",
        Tariffs = [OurTariff],
        ChargingPeriods = Enumerable.Range(0, 3).Select(i => new ChargingPeriod
        {
            StartDateTime = Start + Duration.FromMinutes(10 * i), TariffId = "TARIFF-1",
            Dimensions = [new CdrDimension { Type = CdrDimensionType.Energy, Volume = 2.5m }, new CdrDimension { Type = CdrDimensionType.Time, Volume = 1m / 6 }],
        }).ToList(),
        TotalCost = new Price(totalExclVat, 3.33m), TotalEnergy = 7.5m, TotalTime = 0.5m, LastUpdated = Start,
    };

    private static IReadOnlyList<TotalDifference> AfterTheTripThroughOchp(decimal totalExclVat)
    {
        var cpo = OperatorId.Parse("NL*CPO");
        var uploaded = OcpiCdrToOchpCdr.Map(OurCdr(totalExclVat), cpo, Amsterdam).Value!;
        var published = OcpiTariffToOchpTariff.Map(OurTariff, cpo).Value!;
        // as the clearing house hands them over: through XML
        var received = OchpXml.FromElement<CdrInfo>(OchpXml.ToElement(uploaded));
        var tariff = OchpTariffToOcpiTariff.Map(OchpXml.FromElement<TariffInfo>(OchpXml.ToElement(published)), Us, Start).Value!;
        var ocpi = OchpCdrToOcpiCdr.Map(received, "enc:contract", tariff.Id, Start).Value!;
        var charging = JsonSerializer.Deserialize<ChargingCdr>(OcpiJson.Serialize(ocpi), RoamingJson.Options)!;
        return CdrReconciliation.Compare(charging, tariff, DateTimeZoneProviders.Tzdb.GetZoneOrNull(PartnerCdrReceptions.ZoneOf(received)!)!);
    }

    [Fact]
    public void OurCdr_AfterItsTripThroughOchp_RepricesToTheCent() => AfterTheTripThroughOchp(2.75m).ShouldBeEmpty();

    [Fact]
    public void AnOverchargedCdr_AfterItsTripThroughOchp_ShowsTheDifference() =>
        AfterTheTripThroughOchp(3.75m).ShouldBe([new TotalDifference("total_cost.excl_vat", 3.75m, 2.75m)]);

    [Theory]
    [InlineData("2024-06-01T13:00:00+02:00", "UTC+02")]
    [InlineData("2024-12-01T13:00:00+05:30", "UTC+05:30")]
    [InlineData("2024-12-01T13:00:00+00:00", "UTC")]
    public void TheZone_IsTheFixedOffsetOfTheStart_AndNodaTimeKnowsIt(string start, string zone)
    {
        var cdr = OchpSamples.Cdr();
        cdr.StartDateTime = new LocalDateTimeType { LocalDateTime = start };
        PartnerCdrReceptions.ZoneOf(cdr).ShouldBe(zone);
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone).ShouldNotBeNull();
    }

    private static ReceivedCdr Known(string state, int round = 1) =>
        new("k", "C1", "DE*ABC*E1", "DE", "ABC", "accepted", "EUR", 1m, round, state, null, null, null, [], null, null, Start, null, null);

    public static TheoryData<string?, CdrStatus, int?> Rounds => new()
    {
        { null, CdrStatus.Accepted, 1 },
        { null, CdrStatus.Revised, 1 },
        { ReceivedCdr.Reconciling, CdrStatus.Accepted, null },
        { ReceivedCdr.ToConfirm, CdrStatus.Accepted, null },
        { ReceivedCdr.Confirmed, CdrStatus.Accepted, null },
        { ReceivedCdr.Confirmed, CdrStatus.Revised, 2 },
        { ReceivedCdr.ConfirmationRefused, CdrStatus.Revised, 2 },
        { ReceivedCdr.ToConfirm, CdrStatus.Revised, null },
    };

    [Theory]
    [MemberData(nameof(Rounds))]
    public void AFetchedCdr_IsNewOnlyWhenUnknown_OrRevisedAfterOurAnswer(string? state, CdrStatus status, int? round) =>
        PartnerCdrReceptions.NewRound(state is null ? null : Known(state), status).ShouldBe(round);

    private static ReceivedTariff Tariff(string id) => new($"t:{id}", id, id[..6], "<x/>", Start);

    public static TheoryData<string?, string[], string?> Tariffs => new()
    {
        // the CDR's tariff id, the tariffs we have → the one chosen
        { "DE*ABC*T1", ["DE*ABC*T1", "DE*ABC*T2"], "DE*ABC*T1" },
        { "DEABCT2", ["DE*ABC*T1", "DE*ABC*T2"], "DE*ABC*T2" },
        { "DE*ABC*T3", ["DE*ABC*T1"], null },
        { null, ["DE*ABC*T1", "DE*XYZ*T1"], "DE*ABC*T1" },
        { null, ["DE*ABC*T1", "DE*ABC*T2"], null },
        { null, [], null },
    };

    [Theory]
    [MemberData(nameof(Tariffs))]
    public void TheTariff_IsTheOneTheCdrNames_ElseTheOperatorsOnlyOne(string? named, string[] known, string? chosen)
    {
        var cdr = OchpSamples.Cdr();
        cdr.ConnectorType.TariffId = named;
        PartnerCdrReceptions.TariffFor(cdr, OperatorId.Parse("DE*ABC"), known.Select(Tariff).ToList())?.TariffId.ShouldBe(chosen);
        if (chosen is null)
            PartnerCdrReceptions.TariffFor(cdr, OperatorId.Parse("DE*ABC"), known.Select(Tariff).ToList()).ShouldBeNull();
    }

    [Fact]
    public void ACdrWithoutTariff_IsDeclinedWithTheReason_NeverApproved()
    {
        var decided = PartnerCdrReceptions.Reconcile("k", OchpSamples.Cdr(), "enc", null, Us, Start).ShouldBeOfType<PartnerCdrDecided>();
        (decided.Decision, decided.Outcome).ShouldBe((CdrDecisions.Declined, PartnerCdrOutcomes.NotReconciled));
        decided.Reason.ShouldBe("tariff DE*ABC*T1 named by the CDR was not received from the clearing house");
    }

    [Fact]
    public void ACdrWithItsTariff_GoesToChargingWithBoth()
    {
        var tariffXml = OchpXml.ToElement(OchpSamples.Tariff()).ToString();
        var asked = PartnerCdrReceptions.Reconcile("k", OchpSamples.Cdr(), "enc", new ReceivedTariff("t", "DE*ABC*T1", "DE*ABC", tariffXml, Start), Us, Start)
            .ShouldBeOfType<PartnerCdrReconciliationAsked>();
        (asked.CountryCode, asked.PartyId, asked.CdrId, asked.TariffId, asked.TimeZone).ShouldBe(("DE", "ABC", "DEABC000000000000000000000000000001", "DE*ABC*T1", "UTC+02"));
        asked.TariffJsons.ShouldHaveSingleItem().ShouldContain("\"id\":\"DE*ABC*T1\"");
    }

    public static TheoryData<string, string, string?> Outcomes => new()
    {
        { PartnerCdrOutcomes.Verified, CdrDecisions.Approved, null },
        { PartnerCdrOutcomes.Discrepancy, CdrDecisions.Declined, "differs from our re-pricing: total_cost.excl_vat 3.75 (ours 2.75)" },
        { PartnerCdrOutcomes.NotReconciled, CdrDecisions.Declined, "could not be re-priced: no tariff for the CDR" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void TheReconciliation_DecidesOurAnswer(string outcome, string decision, string? reason)
    {
        var reconciled = new PartnerCdrReconciled("DE", "ABC", "C1", outcome,
            outcome == PartnerCdrOutcomes.Discrepancy ? [new PartnerCdrDifference("total_cost.excl_vat", 3.75m, 2.75m)] : [],
            outcome == PartnerCdrOutcomes.NotReconciled ? "no tariff for the CDR" : null, Start);
        var decided = PartnerCdrReceptions.Decide(reconciled, "k", Start);
        (decided.Decision, decided.Reason).ShouldBe((decision, reason));
    }
}
