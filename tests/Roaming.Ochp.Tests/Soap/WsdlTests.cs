using System.Net;
using System.Xml.Linq;
using Roaming.Protocols.Ochp;
using Shouldly;

namespace Roaming.Ochp.Tests.Soap;

public sealed class WsdlTests : IAsyncLifetime
{
    private OchpHost _host = null!;

    public async Task InitializeAsync() => _host = await OchpHost.Start("ochp_wsdl");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/service/ochp/v1.4?wsdl", "/service/ochp/types/")]
    [InlineData("/live/ochp/v1.4?wsdl", "/live/ochp/types/")]
    public async Task TheWsdl_PointsEveryPortAtThisHost_AndItsSchemasAreServedWhereItImportsThem(string wsdlPath, string typesPath)
    {
        var wsdl = XDocument.Parse(await _host.Soap.GetStringAsync(wsdlPath));
        XNamespace soap = "http://schemas.xmlsoap.org/wsdl/soap/";
        var addresses = wsdl.Descendants(soap + "address").Select(a => a.Attribute("location")!.Value).Distinct().ToList();
        addresses.ShouldBe([_host.Url + "/service/ochp/v1.4", _host.Url + "/live/ochp/v1.4"], ignoreOrder: true);

        var imports = wsdl.Descendants().Where(e => e.Name.LocalName == "import" && e.Attribute("schemaLocation") is not null)
            .Select(e => e.Attribute("schemaLocation")!.Value).ToList();
        imports.ShouldNotBeEmpty();
        foreach (var import in imports)
        {
            var schema = XDocument.Parse(await _host.Soap.GetStringAsync(typesPath + import["types/".Length..]));
            schema.Root!.Attribute("targetNamespace")!.Value.ShouldBe(OchpNamespaces.Ochp);
        }
    }

    [Fact]
    public async Task AGetWithoutWsdl_AndAnUnknownSchema_AreRefused()
    {
        (await _host.Soap.GetAsync("/service/ochp/v1.4")).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await _host.Soap.GetAsync("/service/ochp/types/secret.xsd")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
