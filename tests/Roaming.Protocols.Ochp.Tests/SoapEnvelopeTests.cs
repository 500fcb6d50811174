using System.Text;
using System.Xml.Linq;
using Shouldly;

namespace Roaming.Protocols.Ochp.Tests;

public class SoapEnvelopeTests
{
    private const long MaxBytes = 64 * 1024;

    private const string GetCdrs = """<ns:GetCDRsRequest xmlns:ns="http://ochp.eu/1.4"><ns:cdrStatus><ns:CdrStatusType>accepted</ns:CdrStatusType></ns:cdrStatus></ns:GetCDRsRequest>""";

    [Fact]
    public void reads_the_username_token_as_the_spec_shows_it()
    {
        var request = Read($"""
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
             <soapenv:Header>
              <wsse:Security soapenv:mustUnderstand="1" xmlns:wsse="{OchpNamespaces.WsSecurity}">
               <wsse:UsernameToken wsu:Id="UsernameToken-1" xmlns:wsu="{OchpNamespaces.WsUtility}">
                <wsse:Username>theUsername</wsse:Username>
                <wsse:Password Type="{OchpNamespaces.PasswordText}">thePassword</wsse:Password>
               </wsse:UsernameToken></wsse:Security></soapenv:Header>
             <soapenv:Body>{GetCdrs}</soapenv:Body>
            </soapenv:Envelope>
            """);

        request.Credentials.ShouldBe(new UsernameToken("theUsername", "thePassword"));
        request.Body.Name.ShouldBe(XName.Get("GetCDRsRequest", OchpNamespaces.Ochp));
        OchpXml.FromElement<GetCdrsRequest>(request.Body).CdrStatus!.Value.ShouldBe(CdrStatus.Accepted);
    }

    [Fact]
    public void reads_the_username_token_with_nonce_created_and_other_prefixes()
    {
        var request = Read($"""
            <?xml version="1.0" encoding="utf-8"?>
            <S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sec="{OchpNamespaces.WsSecurity}" xmlns:u="{OchpNamespaces.WsUtility}">
             <S:Header>
              <sec:Security S:mustUnderstand="true">
               <sec:UsernameToken u:Id="uuid-1">
                <sec:Username>cpo-abc</sec:Username>
                <sec:Password>p&amp;ss &lt;word&gt;</sec:Password>
                <sec:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">bm9uY2U=</sec:Nonce>
                <u:Created>2024-06-01T12:00:00Z</u:Created>
               </sec:UsernameToken>
              </sec:Security>
             </S:Header>
             <S:Body><GetChargePointListRequest xmlns="http://ochp.eu/1.4"/></S:Body>
            </S:Envelope>
            """.TrimStart());

        request.Credentials.ShouldBe(new UsernameToken("cpo-abc", "p&ss <word>"));
        OchpOperations.ByRequestElement(request.Body.Name)!.Name.ShouldBe("GetChargePointList");
    }

    [Fact]
    public void an_envelope_without_header_has_no_credentials()
    {
        var request = Read($"""<soap:Envelope xmlns:soap="{OchpNamespaces.Soap}"><soap:Body>{GetCdrs}</soap:Body></soap:Envelope>""");

        request.Credentials.ShouldBeNull();
        request.SoapAction.ShouldBeNull();
    }

    [Fact]
    public async Task a_request_written_by_the_client_side_is_read_by_the_server_side()
    {
        var body = OchpXml.ToElement(new GetTariffUpdatesRequest { LastUpdate = OchpSamples.Utc(2024, 1, 1) });
        var wire = SoapEnvelope.Request(body, new UsernameToken("emp-8aa", "s3cr3t"));

        var request = await SoapEnvelope.ReadAsync(new MemoryStream(wire), MaxBytes, CancellationToken.None);

        request.Credentials.ShouldBe(new UsernameToken("emp-8aa", "s3cr3t"));
        XNode.DeepEquals(request.Body, body).ShouldBeTrue();
        Encoding.UTF8.GetString(wire).ShouldContain($"""<wsse:Password Type="{OchpNamespaces.PasswordText}">s3cr3t</wsse:Password>""");
        wire.Take(3).ShouldNotBe(new byte[] { 0xEF, 0xBB, 0xBF });           // UTF-8 without byte order mark
    }

    [Fact]
    public void a_response_and_a_fault_are_read_by_the_client_side()
    {
        var response = SoapEnvelope.Response(OchpXml.ToElement(new ConfirmCdrsResponse { Result = Result.Ok("2 confirmed") }));
        var body = SoapEnvelope.ReadResponse(new MemoryStream(response), MaxBytes);
        OchpXml.FromElement<ConfirmCdrsResponse>(body).Result.ResultDescription.ShouldBe("2 confirmed");
        Encoding.UTF8.GetString(response).ShouldNotContain("Header");

        var fault = SoapEnvelope.Fault(SoapEnvelope.ClientFault, "The SOAP Body is empty");
        var thrown = Should.Throw<SoapFaultException>(() => SoapEnvelope.ReadResponse(new MemoryStream(fault), MaxBytes));
        thrown.FaultCode.ShouldBe("soap:Client");
        thrown.FaultString.ShouldBe("The SOAP Body is empty");
    }

    [Fact]
    public void a_dtd_is_refused()
    {
        var refused = Refused($"""<?xml version="1.0"?><!DOCTYPE x [<!ELEMENT x ANY>]><soap:Envelope xmlns:soap="{OchpNamespaces.Soap}"><soap:Body>{GetCdrs}</soap:Body></soap:Envelope>""");

        refused.FaultCode.ShouldBe("soap:Client");
        refused.Message.ShouldContain("DTD");
    }

    [Fact]
    public void an_external_entity_is_refused_and_nothing_is_read()
    {
        var refused = Refused($"""
            <?xml version="1.0"?>
            <!DOCTYPE foo [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <soap:Envelope xmlns:soap="{OchpNamespaces.Soap}"><soap:Body><ns:GetSingleRoamingAuthorisationRequest xmlns:ns="http://ochp.eu/1.4"><ns:emtId><ns:instance>&x;</ns:instance><ns:tokenType>rfid</ns:tokenType></ns:emtId></ns:GetSingleRoamingAuthorisationRequest></soap:Body></soap:Envelope>
            """.TrimStart());

        refused.Message.ShouldContain("DTD");
        refused.Message.ShouldNotContain("root:");
    }

    [Fact]
    public void an_entity_expansion_is_refused()
    {
        var laughs = new StringBuilder("""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">""");
        for (var i = 1; i <= 9; i++)
            laughs.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))}\">");
        laughs.Append($"""]><soap:Envelope xmlns:soap="{OchpNamespaces.Soap}"><soap:Body><x>&lol9;</x></soap:Body></soap:Envelope>""");

        Refused(laughs.ToString()).Message.ShouldContain("DTD");
    }

    [Theory]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>", "not well-formed")]
    [InlineData("not xml at all", "not well-formed")]
    [InlineData("", "not well-formed")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><a></b></soap:Body></soap:Envelope>", "not well-formed")]
    [InlineData("<GetCDRsRequest xmlns=\"http://ochp.eu/1.4\"/>", "not a SOAP envelope")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header/></soap:Envelope>", "has no Body")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body> </soap:Body></soap:Envelope>", "Body is empty")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><a/><b/></soap:Body></soap:Envelope>", "holds 2 elements")]
    public void bad_envelopes_are_refused_as_client_faults_saying_why(string xml, string why)
    {
        var refused = Refused(xml);

        refused.FaultCode.ShouldBe("soap:Client");
        refused.Message.ShouldContain(why);
    }

    [Fact]
    public void a_soap_12_envelope_is_a_version_mismatch()
    {
        var refused = Refused($"""<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>{GetCdrs}</env:Body></env:Envelope>""");

        refused.FaultCode.ShouldBe("soap:VersionMismatch");
        refused.Message.ShouldContain("SOAP 1.2");
    }

    [Fact]
    public void a_body_larger_than_the_limit_is_refused()
    {
        var padding = new string(' ', 2048);
        var refused = Refused($"""<soap:Envelope xmlns:soap="{OchpNamespaces.Soap}"><soap:Body>{GetCdrs}{padding}</soap:Body></soap:Envelope>""", maxBytes: 1024);

        refused.FaultCode.ShouldBe("soap:Client");
        refused.Message.ShouldContain("larger than 1024 bytes");
    }

    [Fact]
    public void a_digest_password_is_refused_as_unsupported()
    {
        var refused = Refused($"""
            <soap:Envelope xmlns:soap="{OchpNamespaces.Soap}"><soap:Header><wsse:Security xmlns:wsse="{OchpNamespaces.WsSecurity}"><wsse:UsernameToken>
            <wsse:Username>u</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">x</wsse:Password>
            </wsse:UsernameToken></wsse:Security></soap:Header><soap:Body>{GetCdrs}</soap:Body></soap:Envelope>
            """);

        refused.Message.ShouldContain("PasswordText");
    }

    [Fact]
    public void a_fault_is_a_soap_11_fault()
    {
        var fault = XDocument.Parse(Encoding.UTF8.GetString(SoapEnvelope.Fault("Client", "bad & wrong")));
        XNamespace soap = OchpNamespaces.Soap;

        var body = fault.Root!.Element(soap + "Body")!.Element(soap + "Fault")!;
        body.Element("faultcode")!.Value.ShouldBe("soap:Client");
        body.Element("faultstring")!.Value.ShouldBe("bad & wrong");
    }

    private static SoapRequest Read(string xml) =>
        SoapEnvelope.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), MaxBytes, CancellationToken.None).GetAwaiter().GetResult();

    private static SoapReadException Refused(string xml, long maxBytes = MaxBytes) =>
        Should.Throw<SoapReadException>(() =>
            SoapEnvelope.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), maxBytes, CancellationToken.None));
}
