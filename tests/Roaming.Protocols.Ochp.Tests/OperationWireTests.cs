using System.Text;
using System.Xml.Linq;
using Shouldly;
using Snapshooter;
using Snapshooter.Xunit;

namespace Roaming.Protocols.Ochp.Tests;

/// <summary>Every operation's request and response: valid by the XSDs, read back unchanged, and as on the wire.</summary>
public class OperationWireTests
{
    public static TheoryData<string> Operations() => new(OchpOperations.All.Select(o => o.Name));

    [Fact]
    public void every_operation_of_the_main_and_live_port_types_is_known_once()
    {
        OchpOperations.All.Count.ShouldBe(17);
        OchpOperations.All.Count(o => o.Port == OchpPort.Live).ShouldBe(2);
        OchpOperations.All.Select(o => o.RequestElement).Distinct().Count().ShouldBe(17);
        OchpOperations.All.Select(o => o.Name).ShouldBe(OchpSamples.ByOperation.Keys, ignoreOrder: true);
    }

    [Fact]
    public void operations_are_found_by_their_request_element_and_type()
    {
        var setChargePoints = OchpOperations.ByRequestElement(XName.Get("SetChargePointListRequest", OchpNamespaces.Ochp))!;
        setChargePoints.Name.ShouldBe("SetChargepointList");
        setChargePoints.SoapAction.ShouldBe("http://ochp.eu/1.4/SetChargepointList");
        setChargePoints.ResponseElement.ShouldBe(XName.Get("SetChargePointListResponse", OchpNamespaces.Ochp));

        var status = OchpOperations.For<UpdateStatusRequest>();
        status.Port.ShouldBe(OchpPort.Live);
        status.SoapAction.ShouldBe("http://ochp.e-clearing.net/service/UpdateStatus");
        status.ResponseType.ShouldBe(typeof(UpdateStatusResponse));

        OchpOperations.ByRequestElement(XName.Get("AddCDRsRequest", "http://ochp.eu/1.3")).ShouldBeNull();
        OchpOperations.For<AddCdrsRequest>().RequestElement.LocalName.ShouldBe("AddCDRsRequest");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void request_and_response_are_schema_valid_and_round_trip(string operationName)
    {
        var operation = OchpOperations.All.Single(o => o.Name == operationName);
        var (request, response) = OchpSamples.ByOperation[operationName];

        foreach (var (message, element, type) in new[]
                 {
                     (request, operation.RequestElement, operation.RequestType),
                     (response, operation.ResponseElement, operation.ResponseType),
                 })
        {
            message.GetType().ShouldBe(type);
            var xml = OchpXml.ToElement(message);
            xml.Name.ShouldBe(element);
            OchpSchema.Validate(xml).ShouldBeEmpty();

            var read = OchpXml.FromElement(xml, type);
            XNode.DeepEquals(OchpXml.ToElement(read), xml).ShouldBeTrue($"{element.LocalName} changed in a write and a read");
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void the_soap_envelopes_match_the_snapshots(string operationName)
    {
        var (request, response) = OchpSamples.ByOperation[operationName];
        var requestEnvelope = SoapEnvelope.Request(OchpXml.ToElement(request), new UsernameToken("cpo-abc", "secret"));
        var responseEnvelope = SoapEnvelope.Response(OchpXml.ToElement(response));

        // Indented for readable diffs; the wire has no indentation.
        var wire = "<!-- request -->\n" + Indented(requestEnvelope) + "\n<!-- response -->\n" + Indented(responseEnvelope) + "\n";
        Snapshot.Match(wire, SnapshotNameExtension.Create(operationName));
    }

    [Fact]
    public void a_full_cdr_reads_back_with_money_and_local_times()
    {
        var xml = OchpXml.ToElement(new AddCdrsRequest { CdrInfoArray = [OchpSamples.Cdr()] });
        var cdr = OchpXml.FromElement<AddCdrsRequest>(xml).CdrInfoArray.ShouldHaveSingleItem();

        cdr.ChargingPeriods.Sum(p => p.BillingValue * p.ItemPrice).ShouldBe(8.55m);
        cdr.TotalCost.ShouldBe(8.55m);
        cdr.ChargingPeriods[0].BillingItem.Value.ShouldBe(BillingItem.Energy);
        cdr.StartDateTime.ToOffsetDateTime().ToInstant().ShouldBe(NodaTime.Instant.FromUtc(2024, 6, 1, 11, 0));
        cdr.EmtId.TokenSubType.ShouldBe(TokenSubType.MifareClassic);
        cdr.Status.Value.ShouldBe(CdrStatus.New);
    }

    [Fact]
    public void the_wire_has_the_wrapper_elements_the_odd_casing_and_no_empty_optionals()
    {
        var xml = OchpXml.ToElement(new AddCdrsRequest { CdrInfoArray = [OchpSamples.Cdr()] }).ToString(SaveOptions.DisableFormatting);

        xml.ShouldContain("<CdrId>DEABC000000000000000000000000000001</CdrId>");
        xml.ShouldContain("<emtId representation=\"plain\"><instance>04A2B3C4D5E6F7</instance>");
        xml.ShouldContain("<status><CdrStatusType>new</CdrStatusType></status>");
        xml.ShouldContain("<startDateTime><LocalDateTime>2024-06-01T13:00:00+02:00</LocalDateTime></startDateTime>");
        xml.ShouldContain("<billingItem><BillingItemType>energy</BillingItemType></billingItem><billingValue>22.5</billingValue><itemPrice>0.30</itemPrice>");

        var minimal = OchpSamples.Cdr();
        (minimal.Duration, minimal.Ratings, minimal.MeterId, minimal.TotalCost) = (null, null, null, null);
        minimal.ChargingPeriods.ForEach(p => (p.PeriodCost, p.TaxRate) = (null, null));
        var minimalXml = OchpXml.ToElement(new AddCdrsRequest { CdrInfoArray = [minimal] });
        minimalXml.Descendants().Select(e => e.Name.LocalName)
            .ShouldNotContain(n => n == "duration" || n == "ratings" || n == "meterId" || n == "totalCost" || n == "periodCost" || n == "taxrate");
        minimalXml.Descendants().ShouldAllBe(e => e.HasElements || e.Value.Length > 0 || e.HasAttributes);
        OchpSchema.Validate(minimalXml).ShouldBeEmpty();
    }

    [Fact]
    public void a_null_result_description_is_written_nil_as_the_xsd_requires()
    {
        var xml = OchpXml.ToElement(new ConfirmCdrsResponse { Result = Result.Ok() });

        var description = xml.Element(XName.Get("result", OchpNamespaces.Ochp))!.Element(XName.Get("resultDescription", OchpNamespaces.Ochp))!;
        description.Attribute(XName.Get("nil", OchpNamespaces.XmlSchemaInstance))!.Value.ShouldBe("true");
        OchpSchema.Validate(xml).ShouldBeEmpty();
        OchpXml.FromElement<ConfirmCdrsResponse>(xml).Result.ResultDescription.ShouldBeNull();
    }

    private static string Indented(byte[] envelope) => XDocument.Parse(Encoding.UTF8.GetString(envelope)).ToString();
}
