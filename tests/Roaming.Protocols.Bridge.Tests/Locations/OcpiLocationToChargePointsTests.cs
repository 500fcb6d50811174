using NodaTime;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi.Locations;
using Shouldly;

namespace Roaming.Protocols.Bridge.Tests.Locations;

public sealed class OcpiLocationToChargePointsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 15, 12, 0);

    [Fact]
    public void Each_evse_becomes_a_schema_valid_ChargePointInfo()
    {
        var location = CpoSamples.Location("LOC1", CpoSamples.Evse("EVSE-1", "DE*ABC*E0000001"),
            CpoSamples.Evse("EVSE-2", "DE*ABC*E0000002", EvseStatus.Removed));

        var mapped = OcpiLocationToChargePoints.Map(location, "DEU", Now);

        mapped.Problems.ShouldBeEmpty();
        OchpSchema.Validate(OchpXml.ToElement(new SetChargePointListRequest { ChargePointInfoArray = mapped.ChargePoints.ToList() })).ShouldBeEmpty();
        var first = mapped.ChargePoints[0];
        first.EvseId.ShouldBe("DE*ABC*E0000001");
        first.LocationId.ShouldBe("LOC1");
        first.LocationName.ShouldBe("Hauptbahnhof");
        first.LocationNameLang.ShouldBe("DEU");
        first.ChargePointAddress.Country.ShouldBe("DEU");
        first.ChargePointLocation.Lat.ShouldBe("52.525083");
        first.TimeZone.ShouldBe("Europe/Berlin");
        first.OpeningTimes!.TwentyFourSeven.ShouldBe(true);
        first.Status!.Value.ShouldBe(ChargePointStatus.Operative);
        first.Location.Value.ShouldBe(GeneralLocation.ParkingGarage);
        first.AuthMethods.Select(a => a.Value).ShouldBe([Protocols.Ochp.AuthMethod.RfidMifareCls, Protocols.Ochp.AuthMethod.OperatorAuth]);
        first.Connectors.Single().ConnectorStandard.Value.ShouldBe(ConnectorStandard.IEC_62196_T2);
        first.ChargePointType.ShouldBe(ChargePointType.AC);
        first.Ratings!.MaximumPower.ShouldBe(22.08m);
        mapped.ChargePoints[1].Status!.Value.ShouldBe(ChargePointStatus.Closed);
    }

    [Fact]
    public void An_evse_without_an_evse_id_or_an_OCHP_connector_is_left_out_with_its_reason_and_the_others_are_listed()
    {
        var location = CpoSamples.Location("LOC1", CpoSamples.Evse("EVSE-1", "DE*ABC*E0000001"), CpoSamples.Evse("EVSE-2", null),
            CpoSamples.Evse("EVSE-3", "DE*ABC*E0000003", standard: "GBT_DC"));

        var mapped = OcpiLocationToChargePoints.Map(location, "DEU", Now);

        mapped.ChargePoints.Select(c => c.EvseId).ShouldBe(["DE*ABC*E0000001"]);
        mapped.Problems.Count.ShouldBe(2);
        mapped.Problems.ShouldContain(p => p.Contains("EVSE-2") && p.Contains("evse_id"));
        mapped.Problems.ShouldContain(p => p.Contains("EVSE-3") && p.Contains("connector"));
    }

    [Theory]
    [InlineData(EvseStatus.Available, ChargePointStatus.Operative)]
    [InlineData(EvseStatus.Charging, ChargePointStatus.Operative)]
    [InlineData(EvseStatus.Blocked, ChargePointStatus.Operative)]
    [InlineData(EvseStatus.Reserved, ChargePointStatus.Operative)]
    [InlineData(EvseStatus.Inoperative, ChargePointStatus.Inoperative)]
    [InlineData(EvseStatus.OutOfOrder, ChargePointStatus.Inoperative)]
    [InlineData(EvseStatus.Planned, ChargePointStatus.Planned)]
    [InlineData(EvseStatus.Removed, ChargePointStatus.Closed)]
    [InlineData(EvseStatus.Unknown, ChargePointStatus.Unknown)]
    public void Evse_statuses_map_to_charge_point_statuses(EvseStatus ocpi, ChargePointStatus ochp) =>
        OcpiLocationToChargePoints.Status(ocpi).ShouldBe(ochp);

    [Theory]
    [InlineData("LOC1", "LOC1")]
    [InlineData("loc 1", "LOC 1")]
    public void Short_location_ids_keep_their_text(string ours, string expected) => OcpiLocationToChargePoints.LocationId(ours).ShouldBe(expected);

    [Theory]
    [InlineData("location-0001")]
    [InlineData("A-VERY-LONG-LOCATION-ID")]
    public void Other_location_ids_become_15_hex_digits(string ours) =>
        OcpiLocationToChargePoints.LocationId(ours).ShouldMatch("^[0-9A-F]{15}$");
}
