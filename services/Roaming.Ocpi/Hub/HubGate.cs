using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub;

/// <summary>Which of the hub's endpoints a participant's platform may reach with which token.</summary>
public enum HubAccess
{
    /// <summary>The hub's versions and credentials: token A is enough.</summary>
    Configuration,
    /// <summary>hubclientinfo and command callbacks: a registered platform, no routing headers.</summary>
    Registered,
    /// <summary>The module routes <c>{sender|receiver}/{module}/...</c>: a registered platform and the routing headers, resolved into a <see cref="HubCall"/>.</summary>
    Routed,
}

/// <summary>
/// Runs in front of every hub endpoint: echoes the message ids, resolves the token to a participant's platform (a hub
/// partner; an ordinary partner's token gets 401 here, as a hub partner's gets 401 at our own platform's gate), and on the
/// module routes reads the routing headers into a <see cref="HubCall"/>. Whether FROM may speak and TO may be reached is
/// the routing's decision (<see cref="Routing.HubRouting"/>), not the gate's.
/// </summary>
public sealed class HubGate(HubAccess access) : IEndpointFilter
{
    private const string CallItem = "ocpi.hub.call";

    public static HubCall CallOf(HttpContext http) => (HubCall)http.Items[CallItem]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        OcpiGate.EchoMessageIds(http);
        // The directory knows every hub platform's token hashes: a call costs no token query. One it does not know yet (changed
        // on another node within the last second) is looked up as our own gate does.
        var directory = http.RequestServices.GetRequiredService<Routing.HubDirectory>();
        var platform = (await directory.View(http.RequestAborted)).PlatformWithToken(AuthorizationToken.Candidates(http.Request.Headers.Authorization.ToString()))
            ?? await OcpiGate.Authenticate(http);
        if (platform is null)
            return OcpiResult.Unauthorized("Unknown or missing credentials token");
        if (!platform.IsHubParticipant)
            return OcpiResult.Unauthorized("This token belongs to a partner of our own platform, not to a platform connected to the hub");
        if (access != HubAccess.Configuration && platform.Status != PartnerStatus.Registered)
            return OcpiResult.Unauthorized("This token may only be used on the hub's versions and credentials");
        OcpiGate.Admit(http, platform);
        if (access != HubAccess.Routed)
            return await next(invocation);

        var from = Party(http, "from");
        if (from is null)
            return await BadRoutingHeaders(http, platform, "OCPI-from-country-code and OCPI-from-party-id are required on requests through the hub");
        var to = Party(http, "to");
        if (to is null && (HasHeader(http, "OCPI-to-country-code") || HasHeader(http, "OCPI-to-party-id")))
            return await BadRoutingHeaders(http, platform,
                "OCPI-to-country-code and OCPI-to-party-id must name a party (2 and 3 letters or digits) or both be left out");
        http.Items[CallItem] = ReadCall(http, platform, from.Value, to);
        return await next(invocation);
    }

    private static HubCall ReadCall(HttpContext http, Partner platform, OcpiParty from, OcpiParty? to)
    {
        var values = http.GetRouteData().Values;
        var path = (values["path"] as string ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var requestId = http.Response.Headers["X-Request-ID"].ToString();
        return new HubCall(platform, platform.ParticipantId!, from, to, ((string)values["module"]!).ToLowerInvariant(),
            ((string)values["interface"]!).ToUpperInvariant(), http.Request.Method.ToUpperInvariant(), path, http.Request.QueryString, requestId,
            http.Response.Headers["X-Correlation-ID"].ToString());
    }

    /// <summary>Routing headers naming no party: 2001, logged and recorded like the routing's refusals (FROM as given, or <c>-</c>).</summary>
    private static async Task<OcpiResult> BadRoutingHeaders(HttpContext http, Partner platform, string message)
    {
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<HubGate>()
            .LogInformation("Hub refused {Method} {Path} of platform {Platform}: {Message}", http.Request.Method, http.Request.Path, platform.Id, message);
        var refusal = OcpiResult.InvalidParameters(message);
        var values = http.GetRouteData().Values;
        var given = $"{http.Request.Headers["OCPI-from-country-code"]}*{http.Request.Headers["OCPI-from-party-id"]}";
        await http.RequestServices.GetRequiredService<Traffic.HubTrafficLog>().Record(new Traffic.HubTrafficRecorded(
            http.Response.Headers["X-Request-ID"].ToString(), http.Response.Headers["X-Correlation-ID"].ToString(), platform.Id, platform.ParticipantId!,
            given == "*" ? "-" : given.ToUpperInvariant(), null, null, ((values["module"] as string) ?? "").ToLowerInvariant(),
            ((values["interface"] as string) ?? "").ToUpperInvariant(), http.Request.Method, values["path"] as string, Traffic.HubTrafficResults.Refused,
            (int)refusal.HttpStatus, refusal.StatusCode, message, 0,
            http.RequestServices.GetRequiredService<NodaTime.IClock>().GetCurrentInstant()));
        return refusal;
    }

    private static bool HasHeader(HttpContext http, string name) => !string.IsNullOrWhiteSpace(http.Request.Headers[name].ToString());

    /// <summary>The party of the <c>OCPI-{direction}-*</c> headers; null when either is missing or is not a country code and party id.</summary>
    public static OcpiParty? Party(HttpContext http, string direction)
    {
        var countryCode = http.Request.Headers[$"OCPI-{direction}-country-code"].ToString().Trim();
        var partyId = http.Request.Headers[$"OCPI-{direction}-party-id"].ToString().Trim();
        return countryCode.Length == 2 && partyId.Length == 3 && countryCode.All(char.IsAsciiLetterOrDigit) && partyId.All(char.IsAsciiLetterOrDigit)
            ? OcpiParty.Of(countryCode, partyId)
            : null;
    }
}
