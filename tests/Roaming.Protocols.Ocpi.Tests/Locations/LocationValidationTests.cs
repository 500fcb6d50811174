using System.Text.Json.Nodes;
using Roaming.Protocols.Ocpi.Locations;
using Shouldly;
using Xunit;


using Roaming.Testing;
using Roaming.Protocols.Ocpi;

namespace Roaming.Protocols.Ocpi.Tests.Locations;

/// <summary>
/// Bad input, one defect at a time on the spec's location_example.json: each test asserts the exact JSON path that
/// is reported, and that no other field is blamed.
/// </summary>
public class LocationValidationTests
{
    [Theory]
    [InlineData("country_code")]
    [InlineData("party_id")]
    [InlineData("id")]
    [InlineData("publish")]
    [InlineData("address")]
    [InlineData("city")]
    [InlineData("country")]
    [InlineData("coordinates")]
    [InlineData("time_zone")]
    [InlineData("last_updated")]
    public void a_missing_required_location_field_is_named(string field)
    {
        var errors = ErrorsAfter(location => location.Remove(field));

        ShouldNameOnly(errors, field, "is required");
    }

    [Theory]
    [InlineData("uid")]
    [InlineData("status")]
    [InlineData("last_updated")]
    public void a_missing_required_evse_field_is_named(string field)
    {
        var errors = ErrorsAfter(location => Evse(location, 1).Remove(field));

        ShouldNameOnly(errors, $"evses[1].{field}", "is required");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("standard")]
    [InlineData("format")]
    [InlineData("power_type")]
    [InlineData("max_voltage")]
    [InlineData("max_amperage")]
    [InlineData("last_updated")]
    public void a_missing_required_connector_field_is_named(string field)
    {
        var errors = ErrorsAfter(location => Connector(location, 0, 1).Remove(field));

        ShouldNameOnly(errors, $"evses[0].connectors[1].{field}", "is required");
    }

    [Fact]
    public void a_missing_latitude_is_named_inside_coordinates()
    {
        var errors = ErrorsAfter(location => location["coordinates"]!.AsObject().Remove("latitude"));

        ShouldNameOnly(errors, "coordinates.latitude", "is required");
    }

    [Fact]
    public void every_missing_field_is_reported_at_once()
    {
        var errors = ErrorsAfter(location =>
        {
            location.Remove("city");
            Connector(location, 0, 0).Remove("standard");
            Evse(location, 1).Remove("status");
        });

        errors.Keys.Order(StringComparer.Ordinal).ShouldBe(["city", "evses[0].connectors[0].standard", "evses[1].status"]);
    }

    [Fact]
    public void an_evse_without_connectors_is_named()
    {
        var errors = ErrorsAfter(location => Evse(location, 0)["connectors"] = new JsonArray());

        ShouldNameOnly(errors, "evses[0].connectors", "at least one connector");
    }

    [Theory]
    [InlineData("evses[0].connectors[0].max_voltage", "\"220\"", "must be a whole number, not the string \"220\"")]
    [InlineData("evses[0].connectors[0].max_voltage", "220.5", "must be a whole number, not the number 220.5")]
    [InlineData("evses[0].connectors[0].tariff_ids", "\"11\"", "must be an array, not the string \"11\"")]
    [InlineData("evses[0].physical_reference", "1", "must be a string, not the number 1")]
    [InlineData("publish", "\"yes\"", "must be true or false, not the string \"yes\"")]
    [InlineData("evses", "{}", "must be an array, not an object")]
    [InlineData("coordinates", "[]", "must be an object, not an array")]
    [InlineData("coordinates.latitude", "51.047599", "must be a string, not the number 51.047599")]
    public void a_value_of_the_wrong_json_type_is_named(string path, string wrongValue, string message)
    {
        var errors = ErrorsAfter(location => Replace(location, path, JsonNode.Parse(wrongValue)));

        ShouldNameOnly(errors, path, message);
    }

    [Fact]
    public void an_enum_that_is_not_a_string_is_named_with_the_allowed_values()
    {
        var errors = ErrorsAfter(location => Connector(location, 0, 0)["format"] = 1);

        ShouldNameOnly(errors, "evses[0].connectors[0].format", "must be a string, one of SOCKET, CABLE");
    }

    [Theory]
    [InlineData("evses[0].connectors[1].standard", "IEC_62196_T9")]
    [InlineData("evses[0].connectors[1].power_type", "ac_3_phase")]
    [InlineData("evses[0].status", "BROKEN")]
    [InlineData("evses[0].capabilities[0]", "TELEPORT")]
    [InlineData("parking_type", "ROOFTOP")]
    public void an_unknown_enum_value_is_named(string path, string unknownValue)
    {
        var errors = ErrorsAfter(location => Replace(location, path, unknownValue));

        ShouldNameOnly(errors, path, "must be one of");
    }

    [Fact]
    public void an_unknown_facility_is_named_by_its_index()
    {
        var errors = ErrorsAfter(location => location["facilities"] = new JsonArray("CAFE", "SPACEPORT"));

        ShouldNameOnly(errors, "facilities[1]", "must be one of");
    }

    [Theory]
    [InlineData("id", 37)]
    [InlineData("name", 256)]
    [InlineData("address", 256)]
    [InlineData("city", 46)]
    [InlineData("postal_code", 11)]
    [InlineData("state", 46)]
    [InlineData("evses[0].uid", 37)]
    [InlineData("evses[0].evse_id", 49)]
    [InlineData("evses[0].floor_level", 5)]
    [InlineData("evses[0].physical_reference", 17)]
    [InlineData("evses[0].connectors[0].id", 37)]
    [InlineData("evses[0].connectors[0].tariff_ids[0]", 37)]
    [InlineData("operator.name", 101)]
    public void an_oversized_string_is_named(string path, int length)
    {
        var errors = ErrorsAfter(location => Replace(location, path, new string('A', length)));

        errors.ShouldContainKey(path);
        errors[path].ShouldContain($"must be at most {length - 1} characters");
    }

    [Theory]
    [InlineData("address", 255)]
    [InlineData("state", 45)]
    public void the_errata_lengths_for_address_and_state_are_accepted(string path, int length)
    {
        var errors = ErrorsAfter(location => location[path] = new string('a', length));

        errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Europe/Atlantis")]
    [InlineData("europe/brussels")]
    [InlineData("CET+1")]
    [InlineData("+01:00")]
    public void an_unknown_time_zone_is_named(string timeZone)
    {
        var errors = ErrorsAfter(location => location["time_zone"] = timeZone);

        ShouldNameOnly(errors, "time_zone", "IANA time zone");
    }

    [Fact]
    public void a_duplicate_evse_uid_is_named_at_the_second_evse()
    {
        var errors = ErrorsAfter(location => Evse(location, 1)["uid"] = "3256");

        ShouldNameOnly(errors, "evses[1].uid", "already used by evses[0].uid");
    }

    [Fact]
    public void evse_uids_are_case_insensitive_so_differing_case_is_still_a_duplicate()
    {
        var errors = ErrorsAfter(location =>
        {
            Evse(location, 0)["uid"] = "evse-a";
            Evse(location, 1)["uid"] = "EVSE-A";
        });

        ShouldNameOnly(errors, "evses[1].uid", "must be unique within the Location");
    }

    [Fact]
    public void a_duplicate_connector_id_within_an_evse_is_named()
    {
        var errors = ErrorsAfter(location => Connector(location, 0, 1)["id"] = "1");

        ShouldNameOnly(errors, "evses[0].connectors[1].id", "already used by evses[0].connectors[0].id");
    }

    [Fact]
    public void the_same_connector_id_in_two_evses_is_fine()
    {
        ErrorsAfter(location => { }).ShouldBeEmpty();
        Connector(SpecExamples.ReadObject("location_example.json"), 1, 0)["id"]!.GetValue<string>().ShouldBe("1");
    }

    [Theory]
    [InlineData("51.04")]
    [InlineData("51,047599")]
    [InlineData("151.047599")]
    [InlineData("51.04759912")]
    [InlineData(" 51.047599")]
    public void a_badly_formatted_latitude_is_named(string latitude)
    {
        var errors = ErrorsAfter(location => location["coordinates"]!["latitude"] = latitude);

        ShouldNameOnly(errors, "coordinates.latitude", "must match");
    }

    [Theory]
    [InlineData("coordinates.latitude", "95.000000", "between -90 and 90")]
    [InlineData("coordinates.longitude", "-181.000000", "between -180 and 180")]
    [InlineData("coordinates.longitude", "3.72", "must match")]
    public void a_coordinate_out_of_range_or_shape_is_named(string path, string value, string message)
    {
        var errors = ErrorsAfter(location => Replace(location, path, value));

        ShouldNameOnly(errors, path, message);
    }

    [Theory]
    [InlineData("BE*BEC*E041503001")]
    [InlineData("BEBECE041503001")]
    [InlineData("be*bec*e041503001")]
    [InlineData("NL*ALL*EGO0000013")]
    public void an_iso_15118_evse_id_is_accepted(string evseId)
    {
        ErrorsAfter(location => Evse(location, 0)["evse_id"] = evseId).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("BE-BEC-E041503001")]
    [InlineData("+32*BEC*041503001")]
    [InlineData("BE*BEC*041503001")]
    [InlineData("B*BEC*E1")]
    public void a_malformed_evse_id_is_named(string evseId)
    {
        var errors = ErrorsAfter(location => Evse(location, 0)["evse_id"] = evseId);

        ShouldNameOnly(errors, "evses[0].evse_id", "EVSE ID");
    }

    [Theory]
    [InlineData("country_code", "XX", "alpha-2")]
    [InlineData("country_code", "BEL", "at most 2 characters")]
    [InlineData("country", "BE", "alpha-3")]
    [InlineData("country", "bel", "alpha-3")]
    [InlineData("country", "XXX", "alpha-3")]
    [InlineData("party_id", "B-C", "3 letters or digits")]
    public void a_bad_country_or_party_is_named(string path, string value, string message)
    {
        var errors = ErrorsAfter(location => location[path] = value);

        ShouldNameOnly(errors, path, message);
    }

    [Fact]
    public void country_code_and_party_id_are_case_insensitive()
    {
        ErrorsAfter(location =>
        {
            location["country_code"] = "be";
            location["party_id"] = "bec";
        }).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"weekday":8,"period_begin":"08:00","period_end":"20:00"}""", "opening_times.regular_hours[0].weekday", "between 1 and 7")]
    [InlineData("""{"weekday":0,"period_begin":"08:00","period_end":"20:00"}""", "opening_times.regular_hours[0].weekday", "between 1 and 7")]
    [InlineData("""{"weekday":1,"period_begin":"8:00","period_end":"20:00"}""", "opening_times.regular_hours[0].period_begin", "HH:MM")]
    [InlineData("""{"weekday":1,"period_begin":"08:00","period_end":"24:00"}""", "opening_times.regular_hours[0].period_end", "HH:MM")]
    [InlineData("""{"weekday":1,"period_begin":"08:00","period_end":"08:60"}""", "opening_times.regular_hours[0].period_end", "HH:MM")]
    [InlineData("""{"weekday":1,"period_begin":"20:00","period_end":"08:00"}""", "opening_times.regular_hours[0].period_end", "later than period_begin")]
    [InlineData("""{"weekday":1,"period_begin":"08:00"}""", "opening_times.regular_hours[0].period_end", "is required")]
    public void bad_regular_hours_are_named(string regularHours, string path, string message)
    {
        var errors = ErrorsAfter(location => location["opening_times"] = new JsonObject
        {
            ["twentyfourseven"] = false,
            ["regular_hours"] = new JsonArray(JsonNode.Parse(regularHours)),
        });

        ShouldNameOnly(errors, path, message);
    }

    [Theory]
    [InlineData(true, """[{"weekday":1,"period_begin":"08:00","period_end":"20:00"}]""", "must be empty when twentyfourseven is true")]
    [InlineData(false, "[]", "at least one period")]
    public void regular_hours_must_agree_with_twentyfourseven(bool twentyFourSeven, string regularHours, string message)
    {
        var errors = ErrorsAfter(location => location["opening_times"] = new JsonObject
        {
            ["twentyfourseven"] = twentyFourSeven,
            ["regular_hours"] = JsonNode.Parse(regularHours),
        });

        ShouldNameOnly(errors, "opening_times.regular_hours", message);
    }

    [Fact]
    public void an_exceptional_closing_that_ends_before_it_begins_is_named()
    {
        var errors = ErrorsAfter(location => location["opening_times"] = JsonNode.Parse("""
            {"twentyfourseven": true, "exceptional_closings": [
              {"period_begin": "2018-12-25T05:00:00Z", "period_end": "2018-12-25T03:00:00Z"}]}
            """));

        ShouldNameOnly(errors, "opening_times.exceptional_closings[0].period_end", "later than period_begin");
    }

    [Theory]
    [InlineData("2015-06-29T20:39:09+01:00", "offset")]
    [InlineData("2015-06-29T20:39:09+00:00", "offset")]
    [InlineData("2015-06-29 20:39:09Z", "like 2015-06-29T20:39:09Z")]
    [InlineData("29-06-2015", "like 2015-06-29T20:39:09Z")]
    public void a_date_time_that_is_not_ocpi_utc_is_named(string lastUpdated, string message)
    {
        var errors = ErrorsAfter(location => Connector(location, 0, 1)["last_updated"] = lastUpdated);

        ShouldNameOnly(errors, "evses[0].connectors[1].last_updated", message);
    }

    [Theory]
    [InlineData("2015-06-29T20:39:09")]
    [InlineData("2015-06-29T20:39:09.2Z")]
    [InlineData("2015-06-29T20:39:09.123")]
    public void the_lenient_date_time_forms_of_the_spec_are_read_as_utc(string lastUpdated)
    {
        var location = SpecExamples.ReadObject("location_example.json");
        location["last_updated"] = lastUpdated;

        LocationValidation.TryRead(location.ToJsonString(), out var read, out _).ShouldBeTrue();

        read.LastUpdated!.Value.InUtc().LocalDateTime.ToString("yyyy-MM-dd HH:mm:ss", null).ShouldBe("2015-06-29 20:39:09");
    }

    [Fact]
    public void publish_allowed_to_is_refused_on_a_published_location()
    {
        var errors = ErrorsAfter(location => location["publish_allowed_to"] = JsonNode.Parse("""[{"group_id":"G1"}]"""));

        ShouldNameOnly(errors, "publish_allowed_to", "only be used when publish is false");
    }

    [Theory]
    [InlineData("""{"type":"RFID"}""", "publish_allowed_to[0]", "at least one of uid, visual_number or group_id")]
    [InlineData("""{"uid":"12345678905880"}""", "publish_allowed_to[0].type", "required when uid is set")]
    [InlineData("""{"visual_number":"12345-67"}""", "publish_allowed_to[0].issuer", "required when visual_number is set")]
    [InlineData("""{"uid":"1234","type":"KEYFOB"}""", "publish_allowed_to[0].type", "must be one of")]
    public void a_publish_token_must_identify_a_token(string publishToken, string path, string message)
    {
        var errors = ErrorsAfter(location =>
        {
            location["publish"] = false;
            location["publish_allowed_to"] = new JsonArray(JsonNode.Parse(publishToken));
        });

        ShouldNameOnly(errors, path, message);
    }

    [Theory]
    [InlineData("""{"name":"BeCharged","website":"not a url"}""", "operator.website", "absolute http or https URL")]
    [InlineData("""{"name":"BeCharged","logo":{"url":"ftp://x.example/logo.png","category":"OPERATOR","type":"png"}}""", "operator.logo.url", "absolute http or https URL")]
    [InlineData("""{"name":"BeCharged","logo":{"url":"https://x.example/logo.png","category":"LOGO","type":"png"}}""", "operator.logo.category", "must be one of")]
    [InlineData("""{"name":"BeCharged","logo":{"url":"https://x.example/logo.png","category":"OPERATOR","type":"tiff2"}}""", "operator.logo.type", "at most 4 characters")]
    [InlineData("""{"name":"BeCharged","logo":{"url":"https://x.example/logo.png","category":"OPERATOR","type":"png","width":100000}}""", "operator.logo.width", "between 0 and 99999")]
    [InlineData("""{"website":"https://becharged.example"}""", "operator.name", "is required")]
    public void bad_business_details_are_named(string businessDetails, string path, string message)
    {
        var errors = ErrorsAfter(location => location["operator"] = JsonNode.Parse(businessDetails));

        ShouldNameOnly(errors, path, message);
    }

    [Theory]
    [InlineData("""{"language":"english","text":"Turn left"}""", "directions[0].language", "ISO 639-1")]
    [InlineData("""{"language":"en"}""", "directions[0].text", "is required")]
    public void bad_display_text_is_named(string displayText, string path, string message)
    {
        var errors = ErrorsAfter(location => location["directions"] = new JsonArray(JsonNode.Parse(displayText)));

        ShouldNameOnly(errors, path, message);
    }

    [Theory]
    [InlineData("""{"is_green_energy":true,"energy_sources":[{"source":"SOLAR","percentage":101}]}""", "energy_mix.energy_sources[0].percentage", "between 0 and 100")]
    [InlineData("""{"is_green_energy":true,"energy_sources":[{"source":"HAMSTERS","percentage":10}]}""", "energy_mix.energy_sources[0].source", "must be one of")]
    [InlineData("""{"is_green_energy":true,"environ_impact":[{"category":"CARBON_DIOXIDE"}]}""", "energy_mix.environ_impact[0].amount", "is required")]
    [InlineData("""{"supplier_name":"E.ON"}""", "energy_mix.is_green_energy", "is required")]
    public void a_bad_energy_mix_is_named(string energyMix, string path, string message)
    {
        var errors = ErrorsAfter(location => location["energy_mix"] = JsonNode.Parse(energyMix));

        ShouldNameOnly(errors, path, message);
    }

    [Fact]
    public void a_status_schedule_needs_a_known_status_and_a_begin()
    {
        var errors = ErrorsAfter(location => Evse(location, 0)["status_schedule"] = JsonNode.Parse("""[{"status":"SOON"}]"""));

        errors.Keys.Order(StringComparer.Ordinal).ShouldBe(["evses[0].status_schedule[0].period_begin", "evses[0].status_schedule[0].status"]);
    }

    [Fact]
    public void a_null_element_in_a_list_is_named()
    {
        var errors = ErrorsAfter(location => location["evses"]!.AsArray().Add(null));

        ShouldNameOnly(errors, "evses[2]", "must not be null");
    }

    [Theory]
    [InlineData("{\"id\": ")]
    [InlineData("[]")]
    [InlineData("null")]
    public void a_body_that_is_not_a_json_object_is_reported_for_the_document(string body)
    {
        LocationValidation.TryRead(body, out _, out var errors).ShouldBeFalse();

        errors.ToDictionary().Keys.ShouldBe([OcpiJson.DocumentPath]);
    }

    [Fact]
    public void unknown_fields_are_ignored()
    {
        ErrorsAfter(location => location["ocpp_status"] = "FAULTED").ShouldBeEmpty();
    }

    private static IReadOnlyDictionary<string, string[]> ErrorsAfter(Action<JsonObject> change)
    {
        var location = SpecExamples.ReadObject("location_example.json");
        change(location);
        LocationValidation.TryRead(location.ToJsonString(), out _, out var errors);
        return errors.ToDictionary();
    }

    private static void ShouldNameOnly(IReadOnlyDictionary<string, string[]> errors, string path, string messagePart)
    {
        errors.Keys.ShouldBe([path], $"errors: {string.Join("; ", errors.Select(error => $"{error.Key}: {string.Join(", ", error.Value)}"))}");
        errors[path].ShouldContain(message => message.Contains(messagePart, StringComparison.Ordinal));
    }

    private static JsonObject Evse(JsonObject location, int evse) => location["evses"]![evse]!.AsObject();

    private static JsonObject Connector(JsonObject location, int evse, int connector) =>
        Evse(location, evse)["connectors"]![connector]!.AsObject();

    /// <summary>Sets the value at a path such as <c>evses[0].connectors[1].standard</c>.</summary>
    private static void Replace(JsonObject location, string path, JsonNode? value)
    {
        JsonNode parent = location;
        var segments = path.Split('.');
        foreach (var segment in segments[..^1])
            parent = Step(parent, segment);
        var last = segments[^1];
        var bracket = last.IndexOf('[');
        if (bracket < 0)
            parent[last] = value;
        else
            parent[last[..bracket]]![int.Parse(last[(bracket + 1)..^1])] = value;
    }

    private static JsonNode Step(JsonNode node, string segment)
    {
        var bracket = segment.IndexOf('[');
        return bracket < 0 ? node[segment]! : node[segment[..bracket]]![int.Parse(segment[(bracket + 1)..^1])]!;
    }
}
