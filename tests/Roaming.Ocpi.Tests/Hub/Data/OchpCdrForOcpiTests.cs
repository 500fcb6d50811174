using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ocpi.Hub.Cdrs;
using Roaming.Protocols.Ocpi;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub.Data;

public class OchpCdrForOcpiTests
{
    private static string Location(string evseId, bool evseCoordinates)
    {
        var location = SpecExamples.ReadObject("location_example.json");
        location["evses"]![0]!["evse_id"] = evseId;
        if (evseCoordinates)
            location["evses"]![0]!["coordinates"] = new System.Text.Json.Nodes.JsonObject { ["latitude"] = "50.10000", ["longitude"] = "4.20000" };
        return location.ToJsonString();
    }

    [Theory]
    [InlineData("DE*OX1*E1", false, "51.047599", "3.729944")]
    [InlineData("DE*OX1*E1", true, "50.10000", "4.20000")]
    [InlineData("de*ox1*e1", true, "50.10000", "4.20000")]
    [InlineData("DE*OX1*E9", true, null, null)]
    public void the_position_is_the_evses_own_else_its_locations(string wanted, bool evseCoordinates, string? latitude, string? longitude)
    {
        var position = OchpCdrForOcpi.PositionIn([Location("BE*BEC*E0", false), Location("DE*OX1*E1", evseCoordinates)], wanted);
        (position?.Latitude, position?.Longitude).ShouldBe((latitude, longitude));
    }

    private static readonly CdrForClearing Facts = new("DEOX1A", "DE*OX1*E1", "NL-EX1-C12345678", "new", null, null, "EUR", 4m, [], null,
        OchpCdrForOcpi.Protocol, "<not-xml");

    [Fact]
    public void an_unreadable_document_is_a_problem_not_an_exception() =>
        OchpCdrForOcpi.Map(Facts, null, Instant.FromUtc(2026, 12, 7, 10, 0)).Problems.Single().ShouldStartWith("the OCHP document cannot be read");

    [Fact]
    public void without_a_position_the_cdr_breaks_ocpis_rules_and_says_so()
    {
        var ocpi = System.Text.Json.JsonSerializer.Deserialize<Roaming.Protocols.Ocpi.Cdrs.Cdr>(SpecExamples.Read("cdr_example.json"), OcpiJson.Options)!;
        Roaming.Contracts.Identifiers.OperatorId.TryParse("BE*BEC", out var operatorId).ShouldBeTrue();
        var info = Roaming.Protocols.Bridge.OcpiCdrToOchpCdr.Map(ocpi, operatorId, DateTimeZone.Utc).Value!;
        var element = Roaming.Protocols.Ochp.OchpXml.ToElement(info);
        var document = new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("cdrInfoArray", Roaming.Protocols.Ochp.OchpNamespaces.Ochp), element.Attributes(),
            element.Nodes()).ToString();
        var facts = Facts with { Document = document };

        OchpCdrForOcpi.Map(facts, null, Instant.FromUtc(2026, 12, 7, 10, 0)).Problems.Single().ShouldContain("coordinates");
        var mapped = OchpCdrForOcpi.Map(facts, new GeoLocation("51.04760", "3.72994"), Instant.FromUtc(2026, 12, 7, 10, 0));
        mapped.Problems.ShouldBeEmpty();
        mapped.Json!.ShouldContain("\"last_updated\":\"2026-12-07T10:00:00Z\"");
        mapped.Json!.ShouldContain("\"evse_id\":\"BE*BEC*E041503003\"");
    }
}
