using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;
using Shouldly;

namespace Roaming.Protocols.Bridge.Tests.Tariffs;

/// <summary>OCHP tariffs ↔ OCPI tariffs, so Charging re-prices OCHP CDRs with the OCPI engine.</summary>
public class TariffMappingTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 10, 0);
    private static readonly ProviderId Us = ProviderId.Parse("DE*8AA");
    private static readonly OperatorId Cpo = OperatorId.Parse("DE*ABC");

    private static IndividualTariffType Individual(string currency, string[] recipients, params (BillingItem Item, decimal Price, decimal Step)[] components) => new()
    {
        Currency = currency,
        Recipient = recipients.ToList(),
        TariffElement = components.Select(c => new TariffElementType
        {
            PriceComponent = new PriceComponentType { BillingItem = BillingItemType.Of(c.Item), ItemPrice = c.Price, StepSize = c.Step },
            TariffRestriction = new TariffRestrictionType(),
        }).ToList(),
    };

    public static TheoryData<string[], string[], string?> Recipients => new()
    {
        // recipients of the first and second individual tariff → the currency of the one chosen (null: refused)
        { ["DE8AA"], [], "CHF" },
        { ["NLTNM"], [], "EUR" },
        { [], ["DE*8AA"], "EUR" },
        { ["NLTNM"], ["FRXYZ"], null },
    };

    [Theory]
    [MemberData(nameof(Recipients))]
    public void TheIndividualTariff_IsOursByRecipient_ElseTheDefault(string[] first, string[] second, string? currency)
    {
        var tariff = new TariffInfo
        {
            TariffId = "DE*ABC*T1",
            IndividualTariff = [Individual("CHF", first, (BillingItem.Energy, 0.3m, 1m)), Individual("EUR", second, (BillingItem.Energy, 0.3m, 1m))],
        };

        var mapped = OchpTariffToOcpiTariff.Map(tariff, Us, Now);

        if (currency is null)
            mapped.Problems.ShouldHaveSingleItem().ShouldContain("no individual tariff for DE*8AA");
        else
            mapped.Value!.Currency.ShouldBe(currency);
    }

    public static TheoryData<BillingItem, decimal, TariffDimensionType, int> Components => new()
    {
        { BillingItem.ServiceFee, 1m, TariffDimensionType.Flat, 1 },
        { BillingItem.Energy, 0.1m, TariffDimensionType.Energy, 100 },
        { BillingItem.Energy, 0m, TariffDimensionType.Energy, 1 },
        { BillingItem.UsageTime, 0.25m, TariffDimensionType.Time, 900 },
        { BillingItem.ParkingTime, 1m / 60, TariffDimensionType.ParkingTime, 60 },
    };

    [Theory]
    [MemberData(nameof(Components))]
    public void EachPriceComponent_BecomesItsOcpiDimension_WithTheStepInWhOrSeconds(BillingItem item, decimal step, TariffDimensionType type, int ocpiStep)
    {
        var mapped = OchpTariffToOcpiTariff.Map(new TariffInfo { TariffId = "DE*ABC*T1", IndividualTariff = [Individual("EUR", [], (item, 0.42m, step))] }, Us, Now);

        var component = mapped.Value!.Elements.ShouldHaveSingleItem().PriceComponents.ShouldHaveSingleItem();
        (component.Type, component.Price, component.StepSize, component.Vat).ShouldBe((type, 0.42m, ocpiStep, (decimal?)null));
        (mapped.Value.CountryCode, mapped.Value.PartyId, mapped.Value.Id).ShouldBe(("DE", "ABC", "DE*ABC*T1"));
    }

    [Theory]
    [InlineData(BillingItem.Power)]
    [InlineData(BillingItem.Reservation)]
    [InlineData(BillingItem.ReservationTime)]
    public void APriceOcpiCannotExpress_RefusesTheTariff(BillingItem item) =>
        OchpTariffToOcpiTariff.Map(new TariffInfo { TariffId = "DE*ABC*T1", IndividualTariff = [Individual("EUR", [], (BillingItem.Energy, 0.3m, 1m), (item, 1m, 1m))] }, Us, Now)
            .Problems.ShouldHaveSingleItem().ShouldContain("tariffElement[1]");

    [Fact]
    public void RegularHours_BecomeOneOcpiElementPerTimeWindow_WithItsDays()
    {
        var mapped = OchpTariffToOcpiTariff.Map(OchpSamples.Tariff(), Us, Now);

        mapped.Problems.ShouldBeEmpty();
        var restricted = mapped.Value!.Elements[0].Restrictions!;
        (restricted.StartTime, restricted.EndTime, restricted.StartDate, restricted.EndDate).ShouldBe(("06:00", "22:00", "2024-01-01", "2025-01-01"));
        restricted.DayOfWeek.ShouldBe([TariffDayOfWeek.Monday, TariffDayOfWeek.Tuesday]);
        (restricted.MaxKwh, restricted.MinPower, restricted.MaxDuration).ShouldBe((100.5m, 3.7m, (int?)14400));
        mapped.Value.Elements.Skip(1).ShouldAllBe(e => e.Restrictions == null);
        mapped.Value.Elements.Select(e => e.PriceComponents[0].Type).ShouldBe([TariffDimensionType.Energy, TariffDimensionType.Energy, TariffDimensionType.Flat]);
    }

    [Fact]
    public void OurOcpiTariff_BecomesAValidTariffInfo_WithRegularHoursOverMidnight()
    {
        var tariff = new Tariff
        {
            CountryCode = "DE", PartyId = "ABC", Id = "NIGHT", Currency = "EUR", LastUpdated = Now,
            Elements =
            [
                new TariffElement
                {
                    PriceComponents = [new PriceComponent { Type = TariffDimensionType.Energy, Price = 0.20m, StepSize = 100 }],
                    Restrictions = new TariffRestrictions { StartTime = "22:00", EndTime = "06:00", DayOfWeek = [TariffDayOfWeek.Sunday] },
                },
                new TariffElement { PriceComponents = [new PriceComponent { Type = TariffDimensionType.Energy, Price = 0.30m, StepSize = 1 }] },
            ],
        };

        var mapped = OcpiTariffToOchpTariff.Map(tariff, Cpo);

        mapped.Problems.ShouldBeEmpty();
        OchpSchema.Validate(OchpXml.ToElement(new UpdateTariffsRequest { TariffInfoArray = [mapped.Value!] })).ShouldBeEmpty();
        mapped.Value!.TariffId.ShouldBe("DE*ABC*TNIGHT");
        mapped.Value.IndividualTariff[0].TariffElement[0].TariffRestriction.RegularHours.Select(h => (h.Weekday, h.PeriodBegin, h.PeriodEnd))
            .ShouldBe([(7, "22:00", "24:00"), (1, "00:00", "06:00")]);
        mapped.Value.IndividualTariff[0].TariffElement[0].PriceComponent.StepSize.ShouldBe(0.1m);
    }

    [Theory]
    [InlineData("T1", "DE*ABC*TT1")]
    [InlineData("TARIFF10CH", "DE*ABC*TTARIFF10CH")]
    [InlineData("TARIFF-1", "DE*ABC*T")]
    [InlineData("a-very-long-tariff-id", "DE*ABC*T")]
    public void OurTariffId_FitsOchp_AndIsAlwaysTheSame(string ocpiId, string expectedPrefix)
    {
        var id = OcpiTariffToOchpTariff.TariffId(Cpo, ocpiId);
        id.ShouldStartWith(expectedPrefix);
        id.ShouldMatch(@"^[A-Za-z]{2}\*[A-Za-z0-9]{3}\*[Tt][A-Za-z0-9][A-Za-z0-9\*]{0,9}$");
        OcpiTariffToOchpTariff.TariffId(Cpo, ocpiId).ShouldBe(id);
    }

    /// <summary>Every tariff both protocols can say goes to OCHP and back unchanged (the CPO publishes, the e-MSP re-prices).</summary>
    [Property(MaxTest = 200)]
    public Property AnUnrestrictedTariff_SurvivesTheRoundTrip() => Prop.ForAll(
        Gen.Elements(TariffDimensionType.Flat, TariffDimensionType.Energy, TariffDimensionType.Time, TariffDimensionType.ParkingTime)
            .SelectMany(type => Gen.Choose(0, 100_000).SelectMany(cents => Gen.Choose(1, 3600).Select(step =>
                new PriceComponent { Type = type, Price = cents / 1000m, StepSize = type == TariffDimensionType.Flat ? 1 : step })))
            .NonEmptyListOf().ToArbitrary(),
        components =>
        {
            var ours = new Tariff
            {
                CountryCode = "DE", PartyId = "ABC", Id = "T1", Currency = "EUR", LastUpdated = Now,
                Elements = [new TariffElement { PriceComponents = components.ToList() }],
            };
            var back = OchpTariffToOcpiTariff.Map(OcpiTariffToOchpTariff.Map(ours, Cpo).Value!, Us, Now).Value!;
            return back.Elements.Select(e => e.PriceComponents.Single()).SequenceEqual(components) && back.Currency == "EUR";
        });

    private static Tariff Simple(Instant? from = null, Instant? until = null, Price? min = null) => new()
    {
        CountryCode = "DE", PartyId = "ABC", Id = "T1", Currency = "EUR", LastUpdated = Now, StartDateTime = from, EndDateTime = until, MinPrice = min,
        Elements = [new TariffElement { PriceComponents = [new PriceComponent { Type = TariffDimensionType.Energy, Price = 0.30m, StepSize = 1 }] }],
    };

    [Fact]
    public void A_tariffs_validity_goes_into_every_OCHP_element_and_comes_back_as_the_tariffs()
    {
        var from = Instant.FromUtc(2027, 1, 1, 0, 0);
        var until = Instant.FromUtc(2027, 6, 30, 22, 0);
        var ochp = OcpiTariffToOchpTariff.Map(Simple(from, until), OperatorId.Parse("DE*ABC")).Value!;
        ochp.IndividualTariff[0].TariffElement.ShouldAllBe(e => e.TariffRestriction.StartDateTime!.DateTime == "2027-01-01T00:00:00Z");
        OchpSchema.Validate(OchpXml.ToElement(new UpdateTariffsRequest { TariffInfoArray = [ochp] })).ShouldBeEmpty();

        var back = OchpTariffToOcpiTariff.Map(ochp, Us, Now).Value!;
        (back.StartDateTime, back.EndDateTime).ShouldBe((from, until));
        back.Elements.ShouldAllBe(e => e.Restrictions == null);
    }

    [Fact]
    public void A_minimum_or_maximum_price_refuses_the_tariff_with_the_reason() =>
        string.Join("; ", OcpiTariffToOchpTariff.Map(Simple(min: new Price(5m)), OperatorId.Parse("DE*ABC")).Problems).ShouldContain("min_price/max_price");
}
