using System.Xml.Linq;
using Shouldly;

namespace Roaming.Protocols.Ochp.Tests;

public class SchemaValidationTests
{
    private static readonly XNamespace Ochp = OchpNamespaces.Ochp;

    [Fact]
    public void an_invalid_cdr_among_valid_ones_is_located_by_its_index()
    {
        var request = new AddCdrsRequest { CdrInfoArray = [OchpSamples.Cdr("DEABC1"), OchpSamples.Cdr("DEABC2"), OchpSamples.Cdr("DEABC3"), OchpSamples.Cdr("DEABC4")] };
        var xml = OchpXml.ToElement(request);
        var fourth = xml.Elements(Ochp + "cdrInfoArray").ElementAt(3);
        fourth.Element(Ochp + "CdrId")!.Value = "deabc-4";                   // lower case and a hyphen: not [0-9A-Z]
        fourth.Element(Ochp + "currency")!.Remove();                         // required

        var problems = OchpSchema.Validate(Reloaded(xml));

        problems.Count.ShouldBe(2);
        problems.ShouldAllBe(p => p.ItemElement == "cdrInfoArray" && p.ItemIndex == 3);
        problems.ShouldContain(p => p.Message.Contains("CdrId") || p.Message.Contains("deabc-4"));
        problems.ShouldAllBe(p => p.Line != null && p.Position != null);
    }

    [Fact]
    public void a_problem_of_the_message_itself_has_no_item()
    {
        var xml = new XElement(Ochp + "AddCDRsRequest");                     // needs at least one cdrInfoArray

        var problem = OchpSchema.Validate(xml).ShouldHaveSingleItem();

        problem.ItemElement.ShouldBeNull();
        problem.ItemIndex.ShouldBeNull();
    }

    [Fact]
    public void an_unknown_message_element_is_a_problem()
    {
        var problem = OchpSchema.Validate(new XElement(XName.Get("AddCDRsRequest", "http://ochp.eu/1.3"))).ShouldHaveSingleItem();

        problem.Message.ShouldContain("not an OCHP 1.4 message element");
    }

    [Fact]
    public void wrong_wrapper_values_dates_and_floats_are_problems_in_their_item()
    {
        var xml = OchpXml.ToElement(new UpdateTariffsRequest { TariffInfoArray = [OchpSamples.Tariff(), OchpSamples.Tariff()] });
        var second = xml.Elements(Ochp + "TariffInfoArray").ElementAt(1);
        second.Descendants(Ochp + "BillingItemType").First().Value = "kwh";
        second.Descendants(Ochp + "DateTime").First().Value = "2024-01-01T00:00:00.000Z";
        second.Descendants(Ochp + "itemPrice").First().Value = "0,30";

        var problems = OchpSchema.Validate(xml);

        problems.Count.ShouldBe(3);
        problems.ShouldAllBe(p => p.ItemElement == "TariffInfoArray" && p.ItemIndex == 1);
    }

    [Fact]
    public void a_get_status_response_may_not_mix_the_choice()
    {
        var xml = OchpXml.ToElement(new GetStatusResponse
        {
            Evse = [OchpSamples.EvseStatus("DE*ABC*E1*1", MajorStatus.Available, null)],
            Parking = [new ParkingStatusType { ParkingId = "DE*ABC*P1*1", Status = ParkingStatus.Unknown }],
        });

        OchpSchema.Validate(xml).ShouldNotBeEmpty();
    }

    private static XElement Reloaded(XElement element) => XElement.Parse(element.ToString(), LoadOptions.SetLineInfo);
}
