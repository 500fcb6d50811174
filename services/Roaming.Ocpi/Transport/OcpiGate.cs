using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Ocpi.Partners;

namespace Roaming.Ocpi.Transport;

/// <summary>Which OCPI endpoints a partner may reach with which token.</summary>
public enum OcpiAccess
{
    /// <summary>versions and credentials: token A (or our token B while we register) is enough.</summary>
    Configuration,
    /// <summary>Functional modules: only a registered partner's token; routing headers apply.</summary>
    Functional,
}

/// <summary>
/// Runs in front of every OCPI endpoint, in the order ocpi.md 9 gives: echo X-Request-ID / X-Correlation-ID,
/// resolve the partner from the token (401 if none; token A only on configuration modules), then the routing headers
/// (FROM must be a party of the caller's platform, TO our own; the answer carries FROM/TO swapped). A request a hub
/// forwards for one of its clients is attributed to that client (<see cref="CallerOf"/> speaks for it alone).
/// </summary>
public sealed class OcpiGate(OcpiAccess access) : IEndpointFilter
{
    private const string PartnerItem = "ocpi.partner";

    public static Partner CallerOf(HttpContext context) => (Partner)context.Items[PartnerItem]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        EchoMessageIds(http);

        var partner = await Authenticate(http);
        if (partner is null)
            return OcpiResult.Unauthorized("Unknown or missing credentials token");
        // A clearing participant's platform is connected to the hub, not to our own platform: its token opens only the hub's URLs.
        if (partner.IsHubParticipant)
            return OcpiResult.Unauthorized("This token belongs to a platform connected to the hub: use the hub's URLs");
        if (access == OcpiAccess.Functional && partner.Status != PartnerStatus.Registered)
            return OcpiResult.Unauthorized("This token may only be used on versions and credentials");
        Admit(http, partner);

        if (access == OcpiAccess.Functional)
        {
            var own = http.RequestServices.GetRequiredService<OwnPlatform>();
            var fromCc = Header(http, "OCPI-from-country-code");
            var fromPid = Header(http, "OCPI-from-party-id");
            if (fromCc is not null && fromPid is not null && !partner.SpeaksFor(fromCc, fromPid))
                return OcpiResult.NotFound($"Party {fromCc}*{fromPid} is not one of the caller's parties");
            var toCc = Header(http, "OCPI-to-country-code");
            var toPid = Header(http, "OCPI-to-party-id");
            if (toCc is not null && toPid is not null && !own.Is(toCc, toPid))
                return OcpiResult.Error(4001, $"Party {toCc}*{toPid} is not served by this platform");
            if (partner.IsHub)
            {
                // Through a hub the routing headers name the requesting party (ocpi.md 2.6): without them we cannot tell which of
                // its clients asks. A request from one client is that client's alone; one from the hub itself (a broadcast push)
                // speaks for every client it reports CONNECTED.
                if (fromCc is null || fromPid is null)
                    return OcpiResult.InvalidParameters("OCPI-from-country-code and OCPI-from-party-id are required on requests through a hub");
                if (partner.ConnectedClient(fromCc, fromPid) is { } client && !partner.Roles.Any(role => role.IsParty(fromCc, fromPid)))
                {
                    http.Items[PartnerItem] = partner.ForwardingFor(client);
                    Identify(http, $"ocpi-partner:{partner.Id} for {fromCc}*{fromPid}");
                }
            }
            var requester = partner.Roles.FirstOrDefault();
            http.Response.Headers["OCPI-from-country-code"] = own.CountryCode;
            http.Response.Headers["OCPI-from-party-id"] = own.PartyId;
            http.Response.Headers["OCPI-to-country-code"] = fromCc ?? requester?.CountryCode ?? "";
            http.Response.Headers["OCPI-to-party-id"] = fromPid ?? requester?.PartyId ?? "";
        }
        return await next(invocation);
    }

    /// <summary>Makes <paramref name="partner"/> the request's caller (<see cref="CallerOf"/>, the access trail); the hub gate admits its callers the same way.</summary>
    internal static void Admit(HttpContext http, Partner partner)
    {
        http.Items[PartnerItem] = partner;
        Identify(http, $"ocpi-partner:{partner.Id}");
    }

    /// <summary>The caller the access trail records (otherwise "anonymous": OCPI does not go through ASP.NET authentication).</summary>
    private static void Identify(HttpContext http, string caller) =>
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, caller)], "OcpiToken"));

    internal static void EchoMessageIds(HttpContext http)
    {
        var requestId = Header(http, "X-Request-ID") ?? Guid.NewGuid().ToString();
        http.Response.Headers["X-Request-ID"] = requestId;
        http.Response.Headers["X-Correlation-ID"] = Header(http, "X-Correlation-ID") ?? requestId;
    }

    internal static async Task<Partner?> Authenticate(HttpContext http)
    {
        var candidates = AuthorizationToken.Candidates(http.Request.Headers.Authorization.ToString());
        if (candidates.Count == 0)
            return null;
        var store = http.RequestServices.GetRequiredService<IOcpiStore>();
        await using var session = store.QuerySession();
        foreach (var candidate in candidates)
        {
            var hash = TokenHash.Of(candidate);
            var partner = await session.Query<Partner>().FirstOrDefaultAsync(p => p.AcceptedTokenHash == hash || p.PendingTokenHash == hash, http.RequestAborted);
            if (partner is not null)
                return partner;
        }
        return null;
    }

    private static string? Header(HttpContext http, string name)
    {
        var value = http.Request.Headers[name].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
