using System.Xml.Linq;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ochp.Cdrs;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Shouldly;

namespace Roaming.Ochp.Tests.Decisions;

public class CdrMappingTests
{
    private static readonly XNamespace Ochp = OchpNamespaces.Ochp;

    private static XElement Element(CdrInfo cdr) => OchpXml.ToElement(new AddCdrsRequest { CdrInfoArray = [cdr] }).Elements().Single();

    [Fact]
    public void ACdrInfo_BecomesTheNeutralFacts_WithItsElementAsTheDocument()
    {
        var cdr = OchpSamples.Cdr();
        var element = Element(cdr);

        var mapped = CdrMapping.ToClearing(cdr, element);

        mapped.CdrId.ShouldBe("DEABC000000000000000000000000000001");
        mapped.EvseId.ShouldBe("DE*ABC*E1234567*1");
        mapped.ContractId.ShouldBe("DE-8AA-CA2B3C4D5-L");
        mapped.Status.ShouldBe("new");
        mapped.Start.ShouldBe(new LocalDateTime(2024, 6, 1, 13, 0).WithOffset(Offset.FromHours(2)));
        mapped.End.ShouldBe(new LocalDateTime(2024, 6, 1, 14, 30).WithOffset(Offset.FromHours(2)));
        mapped.Currency.ShouldBe("EUR");
        mapped.TotalCost.ShouldBe(8.55m);
        mapped.Periods.ShouldBe([
            new CdrPeriodForClearing(mapped.Start!.Value, mapped.End!.Value, "energy", 22.5m, 0.30m, 6.75m, 19),
            new CdrPeriodForClearing(mapped.Start!.Value, mapped.End!.Value, "parkingtime", 1.5m, 1.20m, 1.80m, 19),
        ]);
        mapped.SchemaProblem.ShouldBeNull();
        mapped.Protocol.ShouldBe("ochp-1.4");
        XElement.Parse(mapped.Document).ToString().ShouldBe(element.ToString());
    }

    [Theory]
    [InlineData(CdrStatus.Revised, "revised")]
    [InlineData(CdrStatus.Rejected, "rejected")]
    public void AReUpload_AsksForItsStatus(CdrStatus status, string expected)
    {
        var cdr = OchpSamples.Cdr();
        cdr.Status = CdrStatusType.Of(status);
        CdrMapping.ToClearing(cdr, Element(cdr)).Status.ShouldBe(expected);
    }

    [Fact]
    public void ASchemaBrokenCdr_KeepsWhatReadsAsText_AndItsProblem()
    {
        var element = Element(OchpSamples.Cdr());
        element.Element(Ochp + "startDateTime")!.Remove();

        var mapped = CdrMapping.Unreadable(element, "startDateTime is missing");

        mapped.CdrId.ShouldBe("DEABC000000000000000000000000000001");
        mapped.EvseId.ShouldBe("DE*ABC*E1234567*1");
        mapped.Status.ShouldBe("new");
        mapped.Start.ShouldBeNull();
        mapped.Periods.ShouldBeEmpty();
        mapped.SchemaProblem.ShouldBe("startDateTime is missing");
    }

    [Fact]
    public void AClearedCdr_IsItsDocument_WithItsCurrentStatus_AndStaysSchemaValid()
    {
        var cdr = OchpSamples.Cdr();
        var cleared = new ClearedCdr(CdrMapping.ToClearing(cdr, Element(cdr)), "accepted", Instant.FromUtc(2024, 6, 2, 0, 0));

        var returned = CdrMapping.AsCleared(cleared, "cdrInfoArray");

        returned.Element(Ochp + "status")!.Value.ShouldBe("accepted");
        var response = new XElement(Ochp + "GetCDRsResponse", Roaming.Ochp.Soap.OchpResponses.ResultElement(ResultCode.Ok, null), returned);
        OchpSchema.Validate(response).ShouldBeEmpty();
        OchpXml.FromElement<GetCdrsResponse>(response).CdrInfoArray.Single().TotalCost.ShouldBe(8.55m);
    }
}
