using System.Text.Json;
using NodaTime;
using Roaming.Charging.Cdrs.Ocpi;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Charging.Reconciliation;
using Roaming.Charging.Tariffs;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Contracts.Charging.V1;
using Roaming.Charging.Publishing;
using JasperFx.Events;
using Roaming.Platform.Json;
using Shouldly;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Tests.Reconciliation;

public class CdrReconciliationTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 10, 0);
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private static readonly Tariff Tariff = new()
    {
        CountryCode = "DE", PartyId = "CPO", Id = "T-PARTNER", Currency = "EUR", LastUpdated = Start,
        Elements =
        [
            new TariffElement
            {
                PriceComponents =
                [
                    new PriceComponent { Type = TariffDimensionType.Flat, Price = 1.00m, Vat = 19m, StepSize = 1 },
                    new PriceComponent { Type = TariffDimensionType.Energy, Price = 0.40m, Vat = 19m, StepSize = 1 },
                ],
            },
        ],
    };

    /// <summary>A partner CDR of 20 kWh over one hour: 1.00 + 20 x 0.40 = 9.00 excl. VAT, 10.71 incl. 19 % VAT.</summary>
    private static Cdr PartnerCdr(decimal totalExcl, decimal totalIncl) => new()
    {
        CountryCode = "DE", PartyId = "CPO", Id = "CDR-1", StartDateTime = Start, EndDateTime = Start + Duration.FromHours(1),
        CdrToken = new CdrToken("NL", "TNM", "TAG", "RFID", "NL-TNM-C00000042-X"), AuthMethod = "WHITELIST",
        CdrLocation = new CdrLocation("L1", null, "Str 1", "Berlin", null, null, "DEU", new GeoLocation("52.5", "13.4"), "E1", "DE*CPO*E1", "1",
            "IEC_62196_T2", "SOCKET", "AC_3_PHASE"),
        Currency = "EUR",
        ChargingPeriods = [new ChargingPeriod(Start, [new CdrDimension(CdrDimensionType.Energy, 20m), new CdrDimension(CdrDimensionType.Time, 1m)], "T-PARTNER")],
        TotalCost = new Price(totalExcl, totalIncl), TotalEnergy = 20m, TotalTime = 1m, LastUpdated = Start,
    };

    [Fact]
    public void GivenACorrectPartnerCdr_ThenNoDifferences() =>
        CdrReconciliation.Compare(PartnerCdr(9.00m, 10.71m), Tariff, Amsterdam).ShouldBeEmpty();

    [Fact]
    public void GivenACentOfRounding_ThenItIsWithinTolerance() =>
        CdrReconciliation.Compare(PartnerCdr(9.01m, 10.70m), Tariff, Amsterdam).ShouldBeEmpty();

    [Fact]
    public void GivenAnOverchargedPartnerCdr_ThenEachWrongTotalIsNamed()
    {
        var differences = CdrReconciliation.Compare(PartnerCdr(9.50m, 11.31m), Tariff, Amsterdam);

        differences.ShouldBe([
            new TotalDifference("total_cost.excl_vat", 9.50m, 9.00m),
            new TotalDifference("total_cost.incl_vat", 11.31m, 10.71m),
        ]);
    }

    [Fact]
    public void GivenTheMessage_ThenTheOutcomeIsAnEventAndTheCdrIsUntouched()
    {
        var json = JsonSerializer.Serialize(PartnerCdr(9.50m, 11.31m), RoamingJson.Options);
        var message = new PartnerCdrReceived("DE", "CPO", "CDR-1", json, [JsonSerializer.Serialize(Tariff, RoamingJson.Options)], "Europe/Berlin");

        var outcome = OnPartnerCdrReceived.Decide(message, Start).ShouldBeOfType<PartnerCdrDiscrepancyFound>();

        outcome.Key.ShouldBe("DE*CPO*CDR-1");
        outcome.TariffId.ShouldBe("T-PARTNER");
        outcome.Differences.Count.ShouldBe(2);
        message.CdrJson.ShouldBe(json);
    }

    [Fact]
    public void GivenNoTariff_ThenNotReconciledWithTheReason() =>
        OnPartnerCdrReceived.Decide(new PartnerCdrReceived("DE", "CPO", "CDR-1",
                JsonSerializer.Serialize(PartnerCdr(9m, 10.71m), RoamingJson.Options), [], "Europe/Berlin"), Start)
            .ShouldBeOfType<PartnerCdrNotReconciled>().Reason.ShouldContain("no tariff");

    public static TheoryData<object, string> Outcomes => new()
    {
        { new PartnerCdrVerified("DE*CPO*CDR-1", "DE", "CPO", "CDR-1", "T-PARTNER", Start), PartnerCdrOutcomes.Verified },
        { new PartnerCdrDiscrepancyFound("DE*CPO*CDR-1", "DE", "CPO", "CDR-1", "T-PARTNER", [new TotalDifference("total_cost.excl_vat", 9.50m, 9.00m)], Start),
            PartnerCdrOutcomes.Discrepancy },
        { new PartnerCdrNotReconciled("DE*CPO*CDR-1", "DE", "CPO", "CDR-1", "no tariff for the CDR", Start), PartnerCdrOutcomes.NotReconciled },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void GivenAnOutcome_ThenItIsPublishedForTheAdapterThatReceivedTheCdr(object outcome, string expected)
    {
        var message = new ChargingIntegrationEvents().ToMessage(new Event<object>(outcome)).ShouldBeOfType<PartnerCdrReconciled>();

        (message.CountryCode, message.PartyId, message.CdrId, message.Outcome, message.CheckedAt).ShouldBe(("DE", "CPO", "CDR-1", expected, Start));
        switch (outcome)
        {
            case PartnerCdrDiscrepancyFound:
                message.Differences.ShouldBe([new PartnerCdrDifference("total_cost.excl_vat", 9.50m, 9.00m)]);
                break;
            case PartnerCdrNotReconciled:
                message.Reason.ShouldBe("no tariff for the CDR");
                break;
            default:
                (message.Differences.Count, message.Reason).ShouldBe((0, null));
                break;
        }
    }
}
