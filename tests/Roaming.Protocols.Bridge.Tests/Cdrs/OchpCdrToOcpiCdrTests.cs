using NodaTime;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp.Tests;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Shouldly;

namespace Roaming.Protocols.Bridge.Tests.Cdrs;

/// <summary>An OCHP <c>CDRInfo</c> → the OCPI 2.2.1 CDR (as Charging re-prices it, and as the hub hands it to OCPI e-MSPs).</summary>
public class OchpCdrToOcpiCdrTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 10, 0);

    [Fact]
    public void PeriodsStartingTogether_BecomeOneOcpiPeriod_AndTheTotalsAreTheirSums()
    {
        var mapped = OchpCdrToOcpiCdr.Map(OchpSamples.Cdr(), "enc:contract", "DE*ABC*T1", Start);

        mapped.Problems.ShouldBeEmpty();
        var cdr = mapped.Value!;
        (cdr.CountryCode, cdr.PartyId, cdr.Id).ShouldBe(("DE", "ABC", "DEABC000000000000000000000000000001"));
        (cdr.CdrToken!.CountryCode, cdr.CdrToken.PartyId, cdr.CdrToken.Uid, cdr.CdrToken.ContractId).ShouldBe(("DE", "8AA", "04A2B3C4D5E6F7", "enc:contract"));
        cdr.StartDateTime.ShouldBe(Instant.FromUtc(2024, 6, 1, 11, 0));
        var period = cdr.ChargingPeriods.ShouldHaveSingleItem();
        (period.TariffId, period.StartDateTime).ShouldBe(("DE*ABC*T1", Instant.FromUtc(2024, 6, 1, 11, 0)));
        period.Dimensions!.Select(d => (d.Type!.Value, d.Volume)).ShouldBe([(CdrDimensionType.Energy, (decimal?)22.5m), (CdrDimensionType.ParkingTime, 1.5m)]);
        (cdr.TotalEnergy, cdr.TotalTime, cdr.TotalParkingTime, cdr.TotalCost).ShouldBe((22.5m, 1.5m, (decimal?)1.5m, new Price(8.55m)));
    }

    [Fact]
    public void WithoutATotalCost_TheSumOfThePeriodCostsIsTheTotal()
    {
        var cdr = OchpSamples.Cdr();
        cdr.TotalCost = null;
        OchpCdrToOcpiCdr.Map(cdr, "c", null, Start).Value!.TotalCost.ShouldBe(new Price(8.55m));
    }

    [Fact]
    public void AnUnreadableCdr_IsRefusedWithEveryReason()
    {
        var cdr = OchpSamples.Cdr(evseId: "nonsense");
        cdr.ContractId = "nonsense";
        cdr.ChargingPeriods.Clear();
        OchpCdrToOcpiCdr.Map(cdr, "c", null, Start).Problems.Count.ShouldBe(2);
    }

    [Fact]
    public void With_the_EVSEs_position_the_cdr_is_a_valid_OCPI_cdr_for_an_OCPI_emsp()
    {
        var cdr = OchpCdrToOcpiCdr.Map(OchpSamples.Cdr(), "DE-8AA-CA2B3C4D5-L", "DE*ABC*T1", Start, new GeoLocation("52.520008", "13.404954")).Value!;

        CdrValidation.Validate(cdr).IsValid.ShouldBeTrue();
        var location = cdr.CdrLocation!;
        (location.ConnectorId, location.ConnectorStandard!.Text, location.ConnectorFormat!.Text, location.ConnectorPowerType!.Text)
            .ShouldBe(("1", "IEC_62196_T2", "SOCKET", "AC_3_PHASE"));
        // without it (Charging's re-pricing needs none) OCPI's required coordinates are missing
        CdrValidation.Validate(OchpCdrToOcpiCdr.Map(OchpSamples.Cdr(), "DE-8AA-CA2B3C4D5-L", null, Start).Value!).IsValid.ShouldBeFalse();
    }
}
