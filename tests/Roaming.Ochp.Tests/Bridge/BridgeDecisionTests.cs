using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ochp.Bridge;
using Roaming.Ochp.Bridge.ReceivingFromOcpi;
using Roaming.Ochp.Bridge.SendingToOcpi;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Participants;
using Roaming.Protocols.Bridge.Tests;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Protocols.Ocpi.Tokens;
using Shouldly;
using DatasetNames = Roaming.Ochp.Datasets.Datasets;

namespace Roaming.Ochp.Tests.Bridge;

/// <summary>The bridge's decisions on the OCHP side, without I/O: what an upload sends to the hub, what an OCPI object stores.</summary>
public sealed class BridgeDecisionTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 12, 0);
    private static readonly OchpParticipant OcpiCpo = new("ocpi-cpo", "OCPI CPO", ["NL*OCP"], [], null, null, Now);
    private static readonly OchpParticipant OcpiEmsp = new("ocpi-emsp", "OCPI e-MSP", [], ["NL*OEM"], null, null, Now);

    private static ReceivedEntry ChargePoint(string evseId, string locationId = "BERLIN 0001")
    {
        var chargePoint = OchpSamples.ChargePoint(evseId);
        chargePoint.LocationId = locationId;
        var evse = EvseId.Parse(evseId);
        return new ReceivedEntry(evse.Normalised, evse.OperatorId.ToString(), OchpXml.ToElement(chargePoint).Xml(), Now - Duration.FromHours(1));
    }

    private static Location Sent(IReadOnlyList<object> events) =>
        OcpiJson.Deserialize<Location>(events.OfType<OchpObjectBridged>().ShouldHaveSingleItem().ObjectJson, new Contracts.Validation.FieldErrors())!;

    [Fact]
    public void A_full_list_that_drops_an_EVSE_sends_its_location_with_that_EVSE_removed()
    {
        var kept = ChargePoint("DE*ABC*E1");
        var dropped = ChargePoint("DE*ABC*E2");

        var events = OchpUploadsInOcpi.Locations("cpo-a", "ochp:cpo-a", [kept], [dropped], new HashSet<string> { kept.Key, dropped.Key }, [], Now);

        Sent(events).Evses!.Select(e => (e.EvseId, e.Status!.Value)).ShouldBe([("DE*ABC*E1", EvseStatus.Unknown), ("DE*ABC*E2", EvseStatus.Removed)]);
    }

    [Fact]
    public void The_status_of_an_EVSE_without_a_charge_point_is_not_bridged_and_says_why()
    {
        var status = new ReceivedEntry(EvseId.Parse("DE*ABC*E9").Normalised, "DE*ABC", "<evse/>", Now, Now + Duration.FromMinutes(15));

        var events = OchpUploadsInOcpi.Locations("cpo-a", "ochp:cpo-a", [ChargePoint("DE*ABC*E1")], [], new HashSet<string> { status.Key }, [status], Now);

        var refused = events.OfType<ObjectNotBridged>().ShouldHaveSingleItem();
        (refused.Owner, refused.ObjectId, refused.Partly).ShouldBe(("DE*ABC", status.Key, false));
        refused.Reasons.ShouldHaveSingleItem().ShouldContain("inside its location");
        events.OfType<OchpObjectBridged>().ShouldBeEmpty();
    }

    [Property(MaxTest = 50)]
    public Property Touching_one_EVSE_sends_exactly_its_whole_location(NonEmptyArray<PositiveInt> evsesPerLocation, PositiveInt pick)
    {
        var sizes = evsesPerLocation.Get.Take(6).Select(n => n.Get % 4 + 1).ToList();
        var entries = sizes.SelectMany((size, location) => Enumerable.Range(1, size).Select(e => ChargePoint($"DE*ABC*E{location}X{e}", $"LOC {location}"))).ToList();
        var touched = entries[pick.Get % entries.Count];
        var location = OchpUploadsInOcpi.LocationIdOf(touched);

        var sent = Sent(OchpUploadsInOcpi.Locations("cpo-a", "ochp:cpo-a", entries, [], new HashSet<string> { touched.Key }, [], Now));

        return (sent.Id == location.Replace(' ', '-') && sent.Evses!.Count == entries.Count(e => OchpUploadsInOcpi.LocationIdOf(e) == location)).ToProperty();
    }

    [Theory]
    [InlineData("<chargePointInfoArray xmlns=\"x\"><evseId>A</evseId><locationId> loc 1 </locationId></chargePointInfoArray>", "LOC 1")]
    [InlineData("<ns1:chargePointInfoArray xmlns:ns1=\"x\"><ns1:locationId>L2</ns1:locationId></ns1:chargePointInfoArray>", "L2")]
    [InlineData("<ChargePointInfo><locationId xmlns=\"http://ochp.eu/1.4\">L3</locationId></ChargePointInfo>", "L3")]
    [InlineData("<chargePointInfoArray/>", "")]
    public void The_locationId_is_read_from_the_stored_text_whatever_its_prefix(string xml, string expected) =>
        OchpUploadsInOcpi.LocationIdOf(new ReceivedEntry("k", "DE*ABC", xml, Now)).ShouldBe(expected);

    [Fact]
    public void An_EVSE_gone_from_an_OCPI_location_is_stored_Closed_and_one_of_a_foreign_operator_is_refused()
    {
        var first = CpoSamples.Location("L1", CpoSamples.Evse("E1", "NL*OCP*E1"), CpoSamples.Evse("E2", "NL*OCP*E2")) with { CountryCode = "NL", PartyId = "OCP" };
        var stored = OcpiObjectsInOchp.Location(first, OcpiCpo, [], Now);
        var known = stored.Entries[DatasetNames.ChargePoints];

        var second = first with { Evses = [CpoSamples.Evse("E1", "NL*OCP*E1"), CpoSamples.Evse("E3", "DE*ABC*E3")] };
        var next = OcpiObjectsInOchp.Location(second, OcpiCpo, known, Now + Duration.FromMinutes(5));

        next.Problems.ShouldHaveSingleItem().ShouldContain("DE*ABC is not one of the participant's Operator-IDs");
        next.Entries[DatasetNames.ChargePoints].Select(e => (e.Key, e.As<ChargePointInfo>().Status!.Value))
            .ShouldBe([(EvseId.Parse("NL*OCP*E1").Normalised, ChargePointStatus.Operative), (EvseId.Parse("NL*OCP*E2").Normalised, ChargePointStatus.Closed)]);
        next.Entries[DatasetNames.EvseStatus].ShouldHaveSingleItem().ExpiresAt.ShouldBe(Now + Duration.FromMinutes(5) + OcpiObjectsInOchp.StandingStatus);
    }

    [Fact]
    public void A_token_of_a_provider_the_participant_does_not_hold_is_refused()
    {
        var token = new Token
        {
            CountryCode = "NL", PartyId = "XXX", Uid = "0A0B", Type = Protocols.Ocpi.TokenType.Rfid, ContractId = "NL-XXX-C00000001", Issuer = "x",
            Valid = true, Whitelist = WhitelistType.Allowed, LastUpdated = Now,
        };
        OcpiObjectsInOchp.Token(token, OcpiEmsp, Now, Duration.FromDays(365)).IsRefused.ShouldBeTrue();
        OcpiObjectsInOchp.Token(token with { PartyId = "OEM", ContractId = "NL-OEM-C00000001" }, OcpiEmsp, Now, Duration.FromDays(365))
            .Entries[DatasetNames.RoamingAuthorisations].ShouldHaveSingleItem().Owner.ShouldBe("NL*OEM");
    }

    [Fact]
    public void The_outbox_publishes_each_bridged_object_as_HubObjectBridged_and_nothing_else()
    {
        var bridged = new OchpObjectBridged("cpo-a", HubObjectModules.Locations, "DE", "ABC", "L1", "{}", Now, "ochp:cpo-a");
        new BridgeMessages().ToMessage(new JasperFx.Events.Event<OchpObjectBridged>(bridged))
            .ShouldBe(new HubObjectBridged("cpo-a", "DE", "ABC", HubObjectModules.Locations, "L1", "{}", Now, "ochp:cpo-a"));
        new BridgeMessages().ToMessage(new JasperFx.Events.Event<ObjectNotBridged>(
            new ObjectNotBridged(BridgeDirections.OchpToOcpi, "cpo-a", "locations", "DE*ABC", "L1", ["x"], Now))).ShouldBeNull();
    }
}
