using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Shouldly;
using static Roaming.Ochp.Tests.Soap.Parties;

namespace Roaming.Ochp.Tests.Soap;

/// <summary>Bad requests get a SOAP fault or a result code, are logged, and the next good request still works.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private OchpHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await OchpHost.Start("ochp_bad_input");
        await Register(_host);
        (await _host.As("cpo-a", new SetChargePointListRequest { ChargePointInfoArray = [OchpSamples.ChargePoint("DE*ABC*E0000001")] }))
            .ResultCode.ShouldBe("ok");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Envelope(string body, string prolog = "", string user = "emsp-a", string password = Password) =>
        $"""<?xml version="1.0" encoding="utf-8"?>{prolog}<soap:Envelope xmlns:soap="{OchpNamespaces.Soap}" xmlns:ochp="{OchpNamespaces.Ochp}"><soap:Header><wsse:Security xmlns:wsse="{OchpNamespaces.WsSecurity}"><wsse:UsernameToken><wsse:Username>{user}</wsse:Username><wsse:Password Type="{OchpNamespaces.PasswordText}">{password}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>""";

    /// <summary>Proof that nothing else was lost: emsp-a still reads cpo-a's charge point.</summary>
    private async Task AGoodRequestStillWorks()
    {
        var reply = await _host.As("emsp-a", new GetChargePointListRequest());
        reply.ResultCode.ShouldBe("ok");
        reply.As<GetChargePointListResponse>().ChargePointInfoArray.Select(c => c.EvseId).ShouldBe(["DE*ABC*E0000001"]);
    }

    private async Task<SoapFaultException> Faulted(string path, string envelope, string logged)
    {
        var reply = await _host.Post(path, envelope);
        reply.Status.ShouldBe(HttpStatusCode.InternalServerError);
        var fault = reply.Fault;
        fault.FaultCode.ShouldBe("soap:Client");
        _host.Logs.Contains(LogLevel.Warning, logged).ShouldBeTrue($"no warning containing '{logged}' in: {string.Join(" | ", _host.Logs.Entries.Select(e => e.Message))}");
        await AGoodRequestStillWorks();
        return fault;
    }

    [Fact]
    public async Task MalformedXml_IsAFault() =>
        await Faulted("/service/ochp/v1.4", Envelope("<ochp:GetChargePointListRequest>")[..^30], "refused");

    [Fact]
    public async Task AnUnknownBodyElement_IsAFault()
    {
        var fault = await Faulted("/service/ochp/v1.4", Envelope("<x:Frobnicate xmlns:x=\"urn:frob\"/>"), "unknown body element");
        fault.FaultString.ShouldContain("Frobnicate");
    }

    [Fact]
    public async Task AnOperationOnTheWrongPort_IsAFault()
    {
        var fault = await Faulted("/service/ochp/v1.4", Envelope("<ochp:GetStatusRequest/>"), "sent to the Service port");
        fault.FaultString.ShouldContain("/live/ochp/v1.4");
        await Faulted("/live/ochp/v1.4", Envelope("<ochp:GetChargePointListRequest/>"), "sent to the Live port");
    }

    [Fact]
    public async Task AnExternalEntity_IsAFault_AndNothingIsRead()
    {
        var hostname = File.Exists("/etc/hostname") ? File.ReadAllText("/etc/hostname").Trim() : "";
        var envelope = Envelope("<ochp:GetRoamingAuthorisationListUpdatesRequest><ochp:lastUpdate><ochp:DateTime>&x;</ochp:DateTime></ochp:lastUpdate></ochp:GetRoamingAuthorisationListUpdatesRequest>",
            """<!DOCTYPE soap:Envelope [<!ENTITY x SYSTEM "file:///etc/hostname">]>""");
        var reply = await _host.Post("/service/ochp/v1.4", envelope);
        reply.Fault.FaultCode.ShouldBe("soap:Client");
        if (hostname.Length > 0)
            reply.Envelope.ShouldNotContain(hostname);
        _host.Logs.Contains(LogLevel.Warning, "refused").ShouldBeTrue();
        await AGoodRequestStillWorks();
    }

    [Fact]
    public async Task ABillionLaughs_IsAFault()
    {
        var entities = new StringBuilder("<!DOCTYPE soap:Envelope [<!ENTITY l0 \"lol\">");
        for (var i = 1; i <= 9; i++)
            entities.Append($"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">");
        entities.Append("]>");
        await Faulted("/service/ochp/v1.4", Envelope("<ochp:GetCDRsRequest><ochp:cdrStatus><ochp:CdrStatusType>&l9;</ochp:CdrStatusType></ochp:cdrStatus></ochp:GetCDRsRequest>",
            entities.ToString()), "refused");
    }

    [Fact]
    public async Task AnOversizedBody_IsAFault()
    {
        var tokens = string.Concat(Enumerable.Range(0, 3000).Select(i =>
            OchpXml.ToElement(new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Token($"AB{i:X6}", EmspAContract)] })
                .Elements().Single().ToString(System.Xml.Linq.SaveOptions.DisableFormatting)));
        var envelope = Envelope($"<ochp:SetRoamingAuthorisationListRequest>{tokens}</ochp:SetRoamingAuthorisationListRequest>");
        Encoding.UTF8.GetByteCount(envelope).ShouldBeGreaterThan((int)OchpHost.MaxRequestBodySize);
        await Faulted("/service/ochp/v1.4", envelope, "refused");
        (await _host.As("cpo-a", new GetRoamingAuthorisationListRequest())).As<GetRoamingAuthorisationListResponse>()
            .RoamingAuthorisationInfoArray.ShouldBeEmpty();
    }

    [Fact]
    public async Task ASoap12Envelope_IsAFault()
    {
        var envelope = Envelope("<ochp:GetChargePointListRequest/>").Replace(OchpNamespaces.Soap, "http://www.w3.org/2003/05/soap-envelope");
        var reply = await _host.Post("/service/ochp/v1.4", envelope);
        reply.Status.ShouldBe(HttpStatusCode.InternalServerError);
        _host.Logs.Contains(LogLevel.Warning, "refused").ShouldBeTrue();
        await AGoodRequestStillWorks();
    }

    [Fact]
    public async Task AMessageBreakingTheXsdOutsideItsItems_IsFormat()
    {
        var reply = await _host.Post("/service/ochp/v1.4", Envelope("<ochp:GetRoamingAuthorisationListUpdatesRequest/>"));
        reply.ShouldBeSchemaValid().ResultCode.ShouldBe("format");
        _host.Logs.Contains(LogLevel.Warning, "does not match the XSD").ShouldBeTrue();
        await AGoodRequestStillWorks();
    }

    [Theory]
    [InlineData("<ochp:GetCDRsRequest><ochp:cdrStatus><ochp:CdrStatusType>bogus</ochp:CdrStatusType></ochp:cdrStatus></ochp:GetCDRsRequest>")]
    [InlineData("<ochp:GetChargePointListUpdatesRequest><ochp:lastUpdate><ochp:DateTime>yesterday</ochp:DateTime></ochp:lastUpdate></ochp:GetChargePointListUpdatesRequest>")]
    [InlineData("<ochp:ConfirmCDRsRequest><ochp:approved><ochp:cdrId>lower-case</ochp:cdrId><ochp:evseId>DE*ABC*E1</ochp:evseId></ochp:approved></ochp:ConfirmCDRsRequest>")]
    public async Task ABadValueOutsideTheUploadedItems_IsFormat(string body)
    {
        var reply = await _host.Post("/service/ochp/v1.4", Envelope(body));
        reply.ShouldBeSchemaValid().ResultCode.ShouldBe("format");
        await AGoodRequestStillWorks();
    }

    [Fact]
    public async Task AnItemBreakingTheXsd_IsRefusedAlone()
    {
        var broken = OchpXml.ToElement(new SetRoamingAuthorisationListRequest
        {
            RoamingAuthorisationInfoArray = [Token("CC000001", EmspAContract), Token("CC000002", "not a contract"), Token("CC000003", EmspAContract)],
        });
        var reply = await _host.Send(OchpOperations.For<UpdateRoamingAuthorisationListRequest>(),
            new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("UpdateRoamingAuthorisationListRequest", OchpNamespaces.Ochp), broken.Elements()),
            new UsernameToken("emsp-a", Password));

        reply.ResultCode.ShouldBe("partly");
        reply.As<UpdateRoamingAuthorisationListResponse>().RefusedRoamingAuthorisationInfo.Single().EmtId.Instance.ShouldBe("CC000002");
        reply.ResultDescription.ShouldContain("contractId");
        var seen = await _host.As("cpo-a", new GetRoamingAuthorisationListRequest());
        seen.As<GetRoamingAuthorisationListResponse>().RoamingAuthorisationInfoArray.Select(t => t.EmtId.Instance)
            .ShouldBe(["CC000001", "CC000003"], ignoreOrder: true);
    }
}
