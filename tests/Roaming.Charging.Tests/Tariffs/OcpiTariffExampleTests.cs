using System.Text.Json;
using System.Text.Json.Nodes;
using Roaming.Charging.Tariffs;
using Roaming.Platform.Json;
using Shouldly;
using Xunit;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Tests.Tariffs;

/// <summary>
/// Every tariff example of the OCPI 2.2.1 spec (spec/ocpi-2.2.1-examples) reads into <see cref="Tariff"/>,
/// passes validation and writes back to the same JSON. The one broken example is rejected for its defect.
/// </summary>
public class OcpiTariffExampleTests
{
    /// <summary>tariff_put_example.json omits last_updated, which the Tariff object requires (cardinality 1).</summary>
    private const string BrokenPutExample = "tariff_put_example.json";

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ChargingSpec.OcpiExamples, "tariff*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (file != BrokenPutExample) data.Add(file!);
        }
        return data;
    }

    [Fact]
    public void all_tariff_examples_are_covered()
    {
        // 17 numbered tariff_N examples (there is no tariff_7) and 2 tariffrestriction_example_*.json; the PUT example is apart.
        Examples().Count<object[]>().ShouldBe(19);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void example_reads_validates_and_round_trips(string file)
    {
        var original = JsonNode.Parse(ChargingSpec.ReadOcpiExample(file))!;

        var tariff = original.Deserialize<Tariff>(RoamingJson.Options)!;
        var written = JsonSerializer.SerializeToNode(tariff, RoamingJson.Options);

        TariffValidation.Validate(tariff).ToDictionary().ShouldBeEmpty();
        JsonNode.DeepEquals(original, written).ShouldBeTrue($"{file} written back as\n{written}");
    }

    [Fact]
    public void the_put_example_is_rejected_because_it_has_no_last_updated()
    {
        var json = ChargingSpec.ReadOcpiExample(BrokenPutExample);

        var rejected = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<Tariff>(json, RoamingJson.Options));

        rejected.Message.ShouldContain("last_updated");
    }

    [Fact]
    public void the_tariff_inside_the_cdr_example_reads_and_validates()
    {
        var cdr = JsonNode.Parse(ChargingSpec.ReadOcpiExample("cdr_example.json"))!;

        var tariff = cdr["tariffs"]![0].Deserialize<Tariff>(RoamingJson.Options)!;

        TariffValidation.Validate(tariff).ToDictionary().ShouldBeEmpty();
        tariff.Elements.Single().PriceComponents.Single().StepSize.ShouldBe(300);
    }

    [Fact]
    public void enums_are_written_as_ocpi_spells_them()
    {
        var tariff = ChargingSpec.OcpiExampleTariff("tariff_4_complex.json");

        var json = JsonSerializer.Serialize(tariff, RoamingJson.Options);

        json.ShouldContain("\"type\":\"REGULAR\"");
        json.ShouldContain("\"type\":\"PARKING_TIME\"");
        json.ShouldContain("\"day_of_week\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\"]");
        json.ShouldContain("\"last_updated\":\"2015-06-29T20:39:09Z\"");
    }

    [Fact]
    public void a_full_tariff_with_every_field_round_trips()
    {
        var json = """
        {
          "country_code": "NL", "party_id": "RMG", "id": "everything", "currency": "EUR", "type": "PROFILE_GREEN",
          "tariff_alt_text": [{"language": "en", "text": "0.25 per kWh"}],
          "tariff_alt_url": "https://example.com/tariffs/everything",
          "min_price": {"excl_vat": 0.50, "incl_vat": 0.60}, "max_price": {"excl_vat": 50}, 
          "elements": [{
            "price_components": [{"type": "ENERGY", "price": 0.25, "vat": 21.0, "step_size": 1}],
            "restrictions": {
              "start_time": "22:00", "end_time": "06:00", "start_date": "2024-01-01", "end_date": "2025-01-01",
              "min_kwh": 0.5, "max_kwh": 100, "min_current": 6, "max_current": 32, "min_power": 1.4, "max_power": 22,
              "min_duration": 60, "max_duration": 36000, "day_of_week": ["SATURDAY", "SUNDAY"], "reservation": "RESERVATION_EXPIRES"
            }
          }],
          "energy_mix": {
            "is_green_energy": true,
            "energy_sources": [{"source": "SOLAR", "percentage": 60}, {"source": "WIND", "percentage": 40}],
            "environ_impact": [{"category": "CARBON_DIOXIDE", "amount": 0}],
            "supplier_name": "Green Power", "energy_product_name": "Sun and Wind"
          },
          "start_date_time": "2024-01-01T00:00:00Z", "end_date_time": "2025-01-01T00:00:00.5Z",
          "last_updated": "2023-12-20T12:00:00Z"
        }
        """;
        var original = JsonNode.Parse(json)!;

        var tariff = original.Deserialize<Tariff>(RoamingJson.Options)!;

        TariffValidation.Validate(tariff).ToDictionary().ShouldBeEmpty();
        JsonNode.DeepEquals(original, JsonSerializer.SerializeToNode(tariff, RoamingJson.Options)).ShouldBeTrue();
    }

    [Fact]
    public void an_unknown_dimension_type_is_rejected_when_read()
    {
        var json = """
        {"country_code": "NL", "party_id": "RMG", "id": "x", "currency": "EUR", "last_updated": "2024-01-01T00:00:00Z",
         "elements": [{"price_components": [{"type": "KILOMETERS", "price": 1, "step_size": 1}]}]}
        """;

        var rejected = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<Tariff>(json, RoamingJson.Options));

        rejected.Path.ShouldNotBeNull().ShouldContain("price_components[0].type");
    }
}
