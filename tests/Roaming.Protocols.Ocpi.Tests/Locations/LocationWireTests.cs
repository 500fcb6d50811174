using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using Roaming.Protocols.Ocpi.Locations;
using Shouldly;
using Snapshooter.Xunit;
using Xunit;
using Roaming.Protocols.Ocpi;


namespace Roaming.Protocols.Ocpi.Tests.Locations;

/// <summary>What a Location looks like on the wire, and that every field survives a write and a read.</summary>
public class LocationWireTests
{
    [Fact]
    public void a_location_with_every_field_set_is_valid()
    {
        var errors = LocationValidation.Validate(FullLocation.Create());

        errors.ToDictionary().ShouldBeEmpty();
    }

    [Fact]
    public void a_location_with_every_field_set_round_trips()
    {
        var location = FullLocation.Create();

        var json = OcpiJson.Serialize(location);
        var read = JsonSerializer.Deserialize<Location>(json, OcpiJson.Options)!;

        OcpiJson.SameContent(read, location).ShouldBeTrue();
        read.Evses![0].Connectors![1].Standard!.Value.ShouldBe(ConnectorType.Iec62196T2Combo);
        read.LastUpdated.ShouldBe(location.LastUpdated);
    }

    [Fact]
    public void the_serialized_location_matches_the_snapshot()
    {
        var json = OcpiJson.Serialize(FullLocation.Create());

        // Snapshooter writes through Newtonsoft: read the text with dates left as strings so the snapshot shows
        // exactly the DateTime text we send.
        var wire = Newtonsoft.Json.JsonConvert.DeserializeObject<JToken>(
            json, new Newtonsoft.Json.JsonSerializerSettings { DateParseHandling = Newtonsoft.Json.DateParseHandling.None });
        Snapshot.Match(wire);
    }

    [Fact]
    public void every_wire_name_is_snake_case_and_absent_values_are_not_written()
    {
        var json = OcpiJson.Serialize(new Location { Id = "LOC1", TimeZone = "Europe/Amsterdam" });

        json.ShouldBe("""{"id":"LOC1","time_zone":"Europe/Amsterdam"}""");
    }

    [Fact]
    public void date_times_are_written_in_utc_with_z_and_at_most_milliseconds()
    {
        var location = new Location { LastUpdated = NodaTime.Instant.FromUtc(2015, 6, 29, 20, 39, 9).PlusNanoseconds(123_456_789) };

        var json = JsonNode.Parse(OcpiJson.Serialize(location))!;

        json["last_updated"]!.GetValue<string>().ShouldBe("2015-06-29T20:39:09.123Z");
    }

    [Fact]
    public void an_unknown_enum_value_is_kept_and_written_back_unchanged()
    {
        var json = """{"standard":"IEC_62196_T9","format":"SOCKET"}""";

        var connector = JsonSerializer.Deserialize<Connector>(json, OcpiJson.Options)!;

        connector.Standard!.IsKnown.ShouldBeFalse();
        connector.Format!.Value.ShouldBe(ConnectorFormat.Socket);
        Should.Throw<InvalidOperationException>(() => connector.Standard.Value).Message.ShouldContain("IEC_62196_T9");
        OcpiJson.Serialize(connector).ShouldBe(json);
    }

    [Fact]
    public void enum_texts_come_from_the_spec_names_including_the_mixed_case_iec_60309_ones()
    {
        OcpiEnumTexts<ConnectorType>.ToText(ConnectorType.Iec60309Single16).ShouldBe("IEC_60309_2_single_16");
        OcpiEnumTexts<PowerType>.All.ShouldBe(["AC_1_PHASE", "AC_2_PHASE", "AC_2_PHASE_SPLIT", "AC_3_PHASE", "DC"]);
        OcpiEnumTexts<EvseStatus>.TryParse("available", out _).ShouldBeFalse();
    }

    [Fact]
    public void the_enums_serialize_with_their_wire_text_when_used_outside_the_wire_model()
    {
        JsonSerializer.Serialize(PowerType.Ac2PhaseSplit).ShouldBe("\"AC_2_PHASE_SPLIT\"");
    }
}
