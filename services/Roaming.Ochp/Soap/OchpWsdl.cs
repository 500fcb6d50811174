using System.Collections.Frozen;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Roaming.Ochp.Soap;

/// <summary>
/// <c>GET /service/ochp/v1.4?wsdl</c> (and the live port's): the official WSDL with every <c>soap:address</c> pointing at
/// this host, and the XSDs it imports at the relative URLs it names (<c>/service/ochp/types/message-elements.xsd</c>), so
/// a SOAP toolkit (zeep, svcutil, CXF) can build its client from our URL alone.
/// </summary>
public static class OchpWsdl
{
    private const string ResourcePrefix = "Ochp/Wsdl/";
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/wsdl/soap/";

    private static readonly FrozenDictionary<string, byte[]> Schemas = LoadSchemas();
    private static readonly XDocument Wsdl = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Resource(ResourcePrefix + "ochp.wsdl")));

    public static void MapOchpWsdl(this IEndpointRouteBuilder endpoints)
    {
        foreach (var path in new[] { OchpEndpoint.ServicePath, OchpEndpoint.LivePath })
        {
            endpoints.MapGet(path, ServeWsdl).ExcludeFromDescription();
            var types = path[..path.LastIndexOf('/')] + "/types/{file}";
            endpoints.MapGet(types, (string file) => Schemas.TryGetValue(file, out var schema)
                ? Results.Bytes(schema, "text/xml; charset=utf-8")
                : Results.NotFound()).ExcludeFromDescription();
        }
    }

    /// <summary>The WSDL with every port's address on <paramref name="baseUrl"/> (scheme, host and path base, no trailing slash).</summary>
    public static XDocument For(string baseUrl)
    {
        var wsdl = new XDocument(Wsdl);
        foreach (var address in wsdl.Descendants(Soap + "address"))
        {
            var location = address.Attribute("location");
            if (location is not null && Uri.TryCreate(location.Value, UriKind.Absolute, out var original))
                location.Value = baseUrl + original.AbsolutePath;
        }
        return wsdl;
    }

    private static IResult ServeWsdl(HttpContext context)
    {
        if (!context.Request.Query.ContainsKey("wsdl"))
            return Results.Problem(statusCode: StatusCodes.Status405MethodNotAllowed,
                detail: "POST SOAP 1.1 requests here; GET ?wsdl for the service description.");
        var request = context.Request;
        var wsdl = For($"{request.Scheme}://{request.Host}{request.PathBase}");
        return Results.Text(wsdl.Declaration + Environment.NewLine + wsdl.ToString(), "text/xml; charset=utf-8");
    }

    private static FrozenDictionary<string, byte[]> LoadSchemas() =>
        typeof(OchpWsdl).Assembly.GetManifestResourceNames()
            .Select(name => name.Replace('\\', '/'))
            .Where(name => name.StartsWith(ResourcePrefix + "types/", StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[(ResourcePrefix.Length + "types/".Length)..], Resource);

    private static byte[] Resource(string name)
    {
        var assembly = typeof(OchpWsdl).Assembly;
        var actual = assembly.GetManifestResourceNames().Single(n => n.Replace('\\', '/') == name);
        using var stream = assembly.GetManifestResourceStream(actual)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
