using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Versions;

/// <summary>
/// <c>GET {base}/ocpi/hub/versions</c> and <c>GET {base}/ocpi/hub/2.2.1</c> (token A is enough). The hub offers every module it
/// routes twice: as SENDER under <c>sender/{module}</c> (a platform reads or asks there) and as RECEIVER under
/// <c>receiver/{module}</c> (a platform pushes there), plus its credentials and its hubclientinfo list.
/// </summary>
public static class HubVersions
{
    public static readonly IReadOnlyList<(string Module, string Role, string Path)> All =
    [
        ("credentials", InterfaceRoles.Sender, "credentials"),
        ("hubclientinfo", InterfaceRoles.Sender, "hubclientinfo"),
        .. HubRouting.Modules.SelectMany(module => new[]
        {
            (module, InterfaceRoles.Sender, $"sender/{module}"),
            (module, InterfaceRoles.Receiver, $"receiver/{module}"),
        }),
    ];

    public static VersionDetails Details(string baseUrl) =>
        new(OcpiUrls.Version, All.Select(m => new Partners.Endpoint(m.Module, m.Role, HubUrls.Module(baseUrl, m.Path))).ToList());

    public static void MapHubVersions(this IEndpointRouteBuilder hub)
    {
        hub.MapGet("/versions", (HttpRequest request) =>
            OcpiResult.Ok(new[] { new VersionInfo(OcpiUrls.Version, OcpiUrls.BaseUrl(request) + HubUrls.VersionRoot) }));
        hub.MapGet("/" + OcpiUrls.Version, (HttpRequest request) => OcpiResult.Ok(Details(OcpiUrls.BaseUrl(request))));
    }
}
