using NodaTime;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Roaming.Protocols.Ocpi.Locations;
using Shouldly;
using ConnectorType = Roaming.Protocols.Ocpi.Locations.ConnectorType;
using ConnectorFormat = Roaming.Protocols.Ocpi.Locations.ConnectorFormat;
using Live = Roaming.Protocols.Bridge.OchpChargePointsToOcpiLocations.LiveStatus;

namespace Roaming.Protocols.Bridge.Tests.Locations;

public sealed class OchpChargePointsToOcpiLocationsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 12, 0);
    private static readonly IReadOnlyDictionary<string, Live> NoLiveStatus = new Dictionary<string, Live>();

    private static ChargePointInfo ChargePoint(string evseId, string locationId = "BERLIN 0001")
    {
        var chargePoint = OchpSamples.ChargePoint(evseId);
        chargePoint.LocationId = locationId;
        return chargePoint;
    }

    [Fact]
    public void The_EVSEs_of_one_locationId_become_one_valid_OCPI_location()
    {
        var charging = OchpSamples.EvseStatus("DE*ABC*E1234567*1", MajorStatus.NotAvailable, MinorStatus.Charging);
        charging.Ttl = Now + Duration.FromMinutes(15);
        var live = new Dictionary<string, Live>
        {
            [Contracts.Identifiers.EvseId.Parse("DE*ABC*E1234567*1").Normalised] = new(charging, Now),
        };
        var mapped = OchpChargePointsToOcpiLocations.Map([ChargePoint("DE*ABC*E1234567*1"), ChargePoint("DE*ABC*E1234567*2")], live, Now)
            .ShouldHaveSingleItem();

        mapped.Problems.ShouldBeEmpty();
        var location = mapped.Location!;
        LocationValidation.Validate(location).IsValid.ShouldBeTrue();
        (location.CountryCode, location.PartyId, location.Id).ShouldBe(("DE", "ABC", "BERLIN-0001"));
        (location.Address, location.City, location.PostalCode, location.Country).ShouldBe(("Friedrichstrasse 12A", "Berlin", "10117", "DEU"));
        (location.Coordinates!.Latitude, location.Coordinates.Longitude).ShouldBe(("52.520008", "13.404954"));
        (location.TimeZone, location.ParkingType!.Value, location.ChargingWhenClosed).ShouldBe(("Europe/Berlin", ParkingType.ParkingGarage, (bool?)false));
        location.OpeningTimes!.RegularHours!.Select(r => (r.Weekday, r.PeriodBegin, r.PeriodEnd)).ShouldBe([(1, "06:00", "22:00"), (6, "08:00", "20:00")]);
        location.Evses!.Select(e => (e.Uid, e.EvseId, e.Status!.Value)).ShouldBe([
            ("DE*ABC*E1234567*1", "DE*ABC*E1234567*1", EvseStatus.Charging),
            ("DE*ABC*E1234567*2", "DE*ABC*E1234567*2", EvseStatus.Unknown),
        ]);
        location.Evses![0].Capabilities!.Select(c => c.Value).ShouldBe([Capability.RfidReader, Capability.RemoteStartStopCapable]);
        var connectors = location.Evses[0].Connectors!;
        connectors.Select(c => (c.Id, c.Standard!.Value, c.Format!.Value, c.PowerType!.Value)).ShouldBe([
            ("1", ConnectorType.Iec62196T2, ConnectorFormat.Socket, PowerType.Ac3Phase),
            ("2", ConnectorType.DomesticF, ConnectorFormat.Socket, PowerType.Ac3Phase),
        ]);
        // 22 kW at 400 V line to line: 231 V line to neutral, 32 A on three phases.
        (connectors[0].MaxVoltage, connectors[0].MaxAmperage, connectors[0].MaxElectricPower).ShouldBe((231, 32, 22000));
        connectors[0].TariffIds.ShouldBe(["DE*ABC*T1"]);
        // the live status arrived after the charge point's timestamp: the location changed then
        location.LastUpdated.ShouldBe(Now);
    }

    [Fact]
    public void Each_locationId_and_operator_is_its_own_location()
    {
        var mapped = OchpChargePointsToOcpiLocations.Map(
            [ChargePoint("DE*ABC*E1*1", "A"), ChargePoint("DE*ABC*E2*1", "B"), ChargePoint("DE*XYZ*E1*1", "A")], NoLiveStatus, Now);
        mapped.Select(m => (m.Operator.ToString(), m.LocationId, m.Location!.Evses!.Count)).ShouldBe([("DE*ABC", "A", 1), ("DE*ABC", "B", 1), ("DE*XYZ", "A", 1)]);
    }

    [Fact]
    public void A_charge_point_without_ratings_is_refused_with_the_reason_and_the_others_are_mapped()
    {
        var unrated = ChargePoint("DE*ABC*E1234567*2");
        unrated.Ratings = null;
        var mapped = OchpChargePointsToOcpiLocations.Map([ChargePoint("DE*ABC*E1234567*1"), unrated], NoLiveStatus, Now).ShouldHaveSingleItem();

        mapped.Location!.Evses!.ShouldHaveSingleItem().EvseId.ShouldBe("DE*ABC*E1234567*1");
        mapped.Problems.ShouldHaveSingleItem().ShouldContain("EVSE DE*ABC*E1234567*2: no ratings.maximumPower");
    }

    [Fact]
    public void A_location_with_no_EVSE_OCPI_can_show_is_refused_with_every_reason()
    {
        var unrated = ChargePoint("DE*ABC*E1234567*1");
        unrated.Ratings = null;
        var mapped = OchpChargePointsToOcpiLocations.Map([unrated], NoLiveStatus, Now).ShouldHaveSingleItem();
        mapped.Location.ShouldBeNull();
        mapped.Problems.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("DE", "Europe/Berlin")]
    [InlineData("NL", "Europe/Amsterdam")]
    [InlineData("US", null)]
    [InlineData("XX", null)]
    public void Without_a_timeZone_the_country_gives_it_when_all_its_zones_agree(string country, string? zone) =>
        OchpChargePointsToOcpiLocations.CountryZone(country, Now).ShouldBe(zone);

    [Theory]
    [InlineData(400, false, 231)]
    [InlineData(230, false, 230)]
    [InlineData(null, false, 230)]
    [InlineData(null, true, 400)]
    [InlineData(920, true, 920)]
    public void The_voltage_is_line_to_neutral_for_AC(int? nominal, bool dc, int expected) =>
        OchpChargePointsToOcpiLocations.Voltage(nominal, dc).ShouldBe(expected);

    [Fact]
    public void An_OCPI_location_through_OCHP_and_back_keeps_its_EVSEs_connectors_address_and_position()
    {
        var ours = CpoSamples.Location("LOC1", CpoSamples.Evse("EVSE-1", "DE*ABC*E0000001"), CpoSamples.Evse("EVSE-2", "DE*ABC*E0000002", EvseStatus.Planned));
        var chargePoints = OcpiLocationToChargePoints.Map(ours, "DEU", Now).ChargePoints
            .Select(c => OchpXml.FromElement<ChargePointInfo>(OchpXml.ToElement(c))).ToList();

        var back = OchpChargePointsToOcpiLocations.Map(chargePoints, NoLiveStatus, Now).ShouldHaveSingleItem().Location!;

        LocationValidation.Validate(back).IsValid.ShouldBeTrue();
        (back.Id, back.Address, back.City, back.PostalCode, back.Country, back.TimeZone).ShouldBe((ours.Id, ours.Address, ours.City, ours.PostalCode, ours.Country, ours.TimeZone));
        (back.Coordinates!.Latitude, back.Coordinates.Longitude).ShouldBe(("52.525083", "13.369402"));
        back.Evses!.Select(e => e.EvseId).ShouldBe(["DE*ABC*E0000001", "DE*ABC*E0000002"]);
        back.Evses![1].Status!.Value.ShouldBe(EvseStatus.Planned);
        back.Evses[0].Connectors!.ShouldHaveSingleItem().Standard!.Value.ShouldBe(ConnectorType.Iec62196T2);
        back.Evses[0].Connectors![0].MaxElectricPower.ShouldBe(22080);
    }
}
