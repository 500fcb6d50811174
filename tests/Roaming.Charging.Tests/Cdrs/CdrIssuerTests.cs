using NodaTime;
using Roaming.Charging.Authorizations;
using Roaming.Charging.Cdrs.Crediting;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Locations;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Charging.Sessions;
using Roaming.Charging.Tariffs;
using Roaming.Contracts.Network.V1;
using Roaming.Contracts.Tokens.V1;
using Shouldly;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Tests.Cdrs;

public class CdrIssuerTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 10, 0);

    private static readonly Tariff FlatPlusEnergy = new()
    {
        CountryCode = "NL", PartyId = "TNM", Id = "T1", Currency = "EUR", LastUpdated = Start,
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

    private static readonly LocationSnapshot Location = new("NL*TNM*LOC1", new LocationChanged(
        "NL", "TNM", "LOC1", "Garage", "Street 1", "Amsterdam", "1012AB", null, "NLD", "52.1", "4.9", "Europe/Amsterdam",
        [new EvseSnapshot("E1", "NL*TNM*E1", "AVAILABLE", [new ConnectorSnapshot("1", "IEC_62196_T2", "SOCKET", "AC_3_PHASE", 230, 32, null, ["T1"])])],
        Start));

    private static ChargingSession Session(decimal meterStartWh, decimal meterStopWh, Duration duration, params object[] during)
    {
        var started = new SessionStarted("S1", "NL", "TNM", "CP1", "1", "LOC1", "E1", "1", "TAG", "Accepted", meterStartWh, Start, Start);
        var session = during.Aggregate(ChargingSession.Begin(started), ChargingSession.Fold);
        return ChargingSession.Fold(session, new SessionEnded("S1", meterStopWh, Start + duration, Start + duration, "Local",
            meterStopWh < meterStartWh, false));
    }

    private static CdrInputs Inputs(ChargingSession session, Tariff? tariff = null, TokenSnapshot? token = null) =>
        new(session, tariff is null ? null : new TariffVersion(1, tariff, Start - Duration.FromDays(1)), tariff is null ? null : "NL*TNM*T1",
            Location, token, "EUR");

    [Fact]
    public void GivenARunningSession_ThenItsCostSoFarIsPricedUpToTheLatestReading()
    {
        var started = new SessionStarted("S1", "NL", "TNM", "CP1", "1", "LOC1", "E1", "1", "TAG", "Accepted", 1000m, Start, Start);
        var running = ChargingSession.Fold(ChargingSession.Begin(started), new MeterSamplesRecorded("S1",
        [
            new MeterSampleRecorded(Start + Duration.FromMinutes(10), "Energy.Active.Import.Register", null, "Sample.Periodic", 3500m, "Wh", null),
            new MeterSampleRecorded(Start + Duration.FromMinutes(10), "Energy.Active.Import.Register", "L1", "Sample.Periodic", 900m, "Wh", null),
        ], Start));

        var soFar = CdrIssuer.PriceSoFar(Inputs(running, FlatPlusEnergy))!;

        soFar.TotalEnergy.ShouldBe(2.5m);
        soFar.TotalCost.ShouldBe(new Price(1.25m, 1.51m)); // 0.50 + 2.5 kWh × 0.30, 21 % VAT
        CdrIssuer.PriceSoFar(Inputs(running)).ShouldBeNull("absent is not free: no tariff, no cost");
        CdrIssuer.PriceSoFar(Inputs(ChargingSession.Begin(started), FlatPlusEnergy))!.TotalCost.ShouldBe(new Price(0.50m, 0.61m));
    }

    [Fact]
    public void GivenFlatAndEnergyTariff_WhenSessionEnds_ThenCdrIsPricedToTheCent()
    {
        var issued = CdrIssuer.Issue(Inputs(Session(1000, 8500, Duration.FromMinutes(40)), FlatPlusEnergy), Start + Duration.FromHours(1));

        var cdr = issued.Cdr;
        cdr.TotalEnergy.ShouldBe(7.5m);
        cdr.TotalCost.ShouldBe(new Price(2.75m, 3.33m));
        cdr.TotalEnergyCost.ShouldBe(new Price(2.25m, 2.72m));
        cdr.TotalFixedCost.ShouldBe(new Price(0.50m, 0.61m));
        cdr.StartDateTime.ShouldBe(Start);
        cdr.EndDateTime.ShouldBe(Start + Duration.FromMinutes(40));
        cdr.CdrLocation.EvseId.ShouldBe("NL*TNM*E1");
        cdr.Tariffs.ShouldHaveSingleItem().Id.ShouldBe("T1");
        issued.TariffVersion.ShouldBe(1);
        issued.TimeZone.ShouldBe("Europe/Amsterdam");
    }

    [Fact]
    public void GivenMeterWentBackwards_WhenSessionEnds_ThenEnergyIsZeroNotNegativeAndFlagged()
    {
        var cdr = CdrIssuer.Issue(Inputs(Session(1000, 999, Duration.FromMinutes(10)), FlatPlusEnergy), Start + Duration.FromHours(1)).Cdr;

        cdr.TotalEnergy.ShouldBe(0m);
        cdr.TotalCost.ShouldBe(new Price(0.50m, 0.61m));
        cdr.Remark.ShouldNotBeNull().ShouldContain("meter stop below meter start");
    }

    [Fact]
    public void GivenNoTariff_WhenSessionEnds_ThenCdrIsIssuedUnpricedAndSaysSo()
    {
        var cdr = CdrIssuer.Issue(Inputs(Session(0, 5000, Duration.FromMinutes(30))), Start + Duration.FromHours(1)).Cdr;

        cdr.TotalCost.ShouldBe(new Price(0m, 0m));
        cdr.TotalEnergy.ShouldBe(5m);
        cdr.Remark.ShouldNotBeNull().ShouldContain("no tariff");
        var period = cdr.ChargingPeriods.ShouldHaveSingleItem();
        period.VolumeOf(CdrDimensionType.Energy).ShouldBe(5m);
        period.VolumeOf(CdrDimensionType.Time).ShouldBe(0.5m);
    }

    [Fact]
    public void GivenKnownToken_ThenCdrTokenNamesTheIssuingParty()
    {
        var token = new TokenSnapshot("TAG", new TokenChanged("DE", "MSP", "TAG", "RFID", "DE-MSP-C12345678-X", "MSP", null, true, "ALLOWED", "Accepted", Start));

        var cdr = CdrIssuer.Issue(Inputs(Session(0, 1000, Duration.FromMinutes(5)), FlatPlusEnergy, token), Start).Cdr;

        cdr.CdrToken.ShouldBe(new Roaming.Charging.Cdrs.Ocpi.CdrToken("DE", "MSP", "TAG", "RFID", "DE-MSP-C12345678-X"));
    }

    [Fact]
    public void GivenSignedMeterValues_ThenTheyArePassedThrough()
    {
        var signed = new MeterSamplesRecorded("S1", [
            new MeterSampleRecorded(Start, "Energy.Active.Import.Register", null, "Transaction.Begin", null, "Wh", "OCMF|{\"a\":1}|{\"SD\":\"x\"}"),
            new MeterSampleRecorded(Start + Duration.FromMinutes(5), "Energy.Active.Import.Register", null, "Transaction.End", null, "Wh", "OCMF|{\"a\":2}|{\"SD\":\"y\"}"),
        ], Start);

        var signedData = CdrIssuer.Issue(Inputs(Session(0, 1000, Duration.FromMinutes(5), signed), FlatPlusEnergy), Start).Cdr.SignedData;

        signedData.ShouldNotBeNull();
        signedData.EncodingMethod.ShouldBe("OCMF");
        signedData.SignedValues.Select(v => v.Nature).ShouldBe(["Start", "End"]);
    }

    [Fact]
    public void GivenParkingAfterCharging_ThenStatusesSplitChargingFromParkingTime()
    {
        var charging = new ConnectorStatusRecorded("S1", "Charging", Start, Start);
        var full = new ConnectorStatusRecorded("S1", "SuspendedEV", Start + Duration.FromMinutes(30), Start);
        var parkingTariff = FlatPlusEnergy with
        {
            Elements = [new TariffElement { PriceComponents = [new PriceComponent { Type = TariffDimensionType.ParkingTime, Price = 2.00m, Vat = 0m, StepSize = 60 }] }],
        };

        var cdr = CdrIssuer.Issue(Inputs(Session(0, 10000, Duration.FromMinutes(90), charging, full), parkingTariff), Start).Cdr;

        cdr.TotalParkingTime.ShouldBe(1m);
        cdr.TotalParkingCost.ShouldBe(new Price(2.00m, 2.00m));
        cdr.TotalTime.ShouldBe(1.5m);
    }

    [Fact]
    public void GivenIssuedCdr_WhenCredited_ThenNegativeCreditReferencingIt_AndOnlyOnce()
    {
        var issued = CdrIssuer.Issue(Inputs(Session(1000, 8500, Duration.FromMinutes(40)), FlatPlusEnergy), Start);
        var original = new Roaming.Charging.Cdrs.IssuedCdr(issued.CdrId, issued.SessionId, issued.TariffKey, issued.TariffVersion, issued.TimeZone, issued.Cdr, Start);

        var credit = CreditCdr.Decide(original, null, "wrong tariff", Start).ShouldNotBeNull();

        credit.Cdr.Credit.ShouldBe(true);
        credit.Cdr.CreditReferenceId.ShouldBe(issued.CdrId);
        credit.Cdr.TotalCost.ShouldBe(new Price(-2.75m, -3.33m));
        var creditDoc = new Roaming.Charging.Cdrs.IssuedCdr(credit.CdrId, credit.SessionId, null, null, credit.TimeZone, credit.Cdr, Start);
        CreditCdr.Decide(original, creditDoc, "again", Start).ShouldBeNull();
        CreditCdr.Decide(creditDoc, null, "credit of a credit", Start).ShouldBeNull();
    }

    [Fact]
    public void GivenTwoTariffVersions_ThenSessionIsPricedWithTheVersionValidAtItsStart()
    {
        var v1 = new TariffVersion(1, FlatPlusEnergy, Start - Duration.FromDays(2));
        var v2 = new TariffVersion(2, FlatPlusEnergy with { Currency = "EUR" }, Start + Duration.FromMinutes(10));
        var history = new TariffHistory("NL*TNM*T1", [v1, v2], null);

        history.ValidAt(Start).ShouldBe(v1);
        history.ValidAt(Start + Duration.FromHours(1)).ShouldBe(v2);
        (history with { RemovedAt = Start - Duration.FromHours(1) }).ValidAt(Start).ShouldBeNull();
    }
}
