using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Credentials;

/// <summary>
/// <c>/ocpi/2.2.1/credentials</c>, the receiving side of the handshake: POST registers (token A → our token C),
/// PUT rotates, DELETE unregisters, GET shows our credentials with the token the caller is using (we keep only hashes).
/// </summary>
public static class CredentialsEndpoint
{
    public static void MapCredentials(this IEndpointRouteBuilder configuration)
    {
        const string path = "/" + OcpiUrls.Version + "/credentials";
        configuration.MapGet(path, (HttpContext http, OwnPlatform own) =>
            OcpiResult.Ok(Handshake.Ours(PresentedToken(http), OcpiUrls.BaseUrl(http.Request), own)));
        configuration.MapPost(path, (HttpContext http, OcpiClient client, IOcpiStore store, IClock clock, OwnPlatform own, TokenVault vault) =>
            Exchange(http, client, store, clock, own, vault, register: true));
        configuration.MapPut(path, (HttpContext http, OcpiClient client, IOcpiStore store, IClock clock, OwnPlatform own, TokenVault vault) =>
            Exchange(http, client, store, clock, own, vault, register: false));
        configuration.MapDelete(path, async (HttpContext http, IOcpiStore store, IClock clock) =>
        {
            var partner = OcpiGate.CallerOf(http);
            if (Handshake.RefuseUpdate(partner) is { } refusal)
                return OcpiResult.MethodNotAllowed(refusal);
            var now = clock.GetCurrentInstant();
            await using var session = store.LightweightSession().Stamp(new EventContext($"partner:{partner.Id}", now));
            session.Events.Append(partner.Id, new PartnerUnregistered(partner.Id, "partner", now));
            await session.SaveChangesAsync(http.RequestAborted);
            return OcpiResult.Ok();
        });
    }

    private static async Task<OcpiResult> Exchange(HttpContext http, OcpiClient client, IOcpiStore store, IClock clock, OwnPlatform own, TokenVault vault, bool register)
    {
        var partner = OcpiGate.CallerOf(http);
        var refusal = register ? Handshake.RefusePost(partner) : Handshake.RefuseUpdate(partner);
        if (refusal is not null)
            return OcpiResult.MethodNotAllowed(refusal);
        var (body, bad) = await OcpiBody.Read(http.Request);
        if (bad is not null)
            return bad;
        var errors = new FieldErrors();
        var theirs = CredentialsRules.Read(body, errors);
        if (theirs is null)
            return OcpiResult.InvalidParameters(CredentialsRules.Describe(errors));

        var discovery = await EndpointDiscovery.Discover(client, theirs.Url, theirs.Token, partner.EncodeToken, http.RequestAborted);
        if (discovery.Endpoints is null)
            return OcpiResult.Error(discovery.StatusCode, discovery.Problem!);

        var ourToken = TokenHash.NewToken();
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext($"partner:{partner.Id}", now));
        session.Events.Append(partner.Id, register
            ? Handshake.Register(partner, TheirCredentials.Sealed(theirs, vault), discovery, ourToken, now)
            : Handshake.Update(partner, TheirCredentials.Sealed(theirs, vault), discovery, ourToken, now));
        await session.SaveChangesAsync(http.RequestAborted);
        return OcpiResult.Ok(Handshake.Ours(ourToken, OcpiUrls.BaseUrl(http.Request), own));
    }

    private static string PresentedToken(HttpContext http)
    {
        var partner = OcpiGate.CallerOf(http);
        return AuthorizationToken.Candidates(http.Request.Headers.Authorization.ToString())
            .First(candidate => TokenHash.Of(candidate) is var hash && (hash == partner.AcceptedTokenHash || hash == partner.PendingTokenHash));
    }
}
