using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Versions;

/// <summary><c>GET /ocpi/versions</c> and <c>GET /ocpi/2.2.1</c>: open to token A, so a partner can find our credentials endpoint.</summary>
public static class GetVersions
{
    public static void MapGetVersions(this IEndpointRouteBuilder configuration)
    {
        configuration.MapGet("/versions", (HttpRequest request) =>
            OcpiResult.Ok(new[] { new VersionInfo(OcpiUrls.Version, OcpiUrls.BaseUrl(request) + OcpiUrls.VersionRoot) }));
        configuration.MapGet("/" + OcpiUrls.Version, (HttpRequest request) =>
            OcpiResult.Ok(ImplementedModules.Details(OcpiUrls.BaseUrl(request))));
    }
}
