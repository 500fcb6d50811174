using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Credentials;

/// <summary>
/// Whose credentials endpoint it is: our own platform's (<see cref="Platform"/>) or the hub's. The handshake is the same;
/// what differs is what our credentials say (<see cref="Ours"/>: token and versions URL, roles), which roles a partner may
/// claim (<see cref="RefuseRoles"/>: a message naming the role, answered 2001 with nothing stored) and who must hear of a change.
/// </summary>
public sealed record CredentialsSide(
    Func<HttpContext, string, OcpiCredentials> Ours,
    Func<HttpContext, Partner, OcpiCredentials, Task<string?>> RefuseRoles,
    Action<HttpContext>? Changed = null)
{
    public static CredentialsSide Platform { get; } = new(
        (http, token) => Handshake.Ours(token, OcpiUrls.BaseUrl(http.Request), http.RequestServices.GetRequiredService<OwnPlatform>()),
        (_, _, _) => Task.FromResult<string?>(null));
}

/// <summary>
/// <c>/ocpi/2.2.1/credentials</c>, the receiving side of the handshake: POST registers (token A → our token C),
/// PUT rotates, DELETE unregisters, GET shows our credentials with the token the caller is using (we keep only hashes).
/// </summary>
public static class CredentialsEndpoint
{
    public static void MapCredentials(this IEndpointRouteBuilder configuration, CredentialsSide? side = null)
    {
        side ??= CredentialsSide.Platform;
        const string path = "/" + OcpiUrls.Version + "/credentials";
        configuration.MapGet(path, (HttpContext http) => OcpiResult.Ok(side.Ours(http, PresentedToken(http))));
        configuration.MapPost(path, (HttpContext http, OcpiClient client, IOcpiStore store, IClock clock, TokenVault vault) =>
            Exchange(http, client, store, clock, vault, side, register: true));
        configuration.MapPut(path, (HttpContext http, OcpiClient client, IOcpiStore store, IClock clock, TokenVault vault) =>
            Exchange(http, client, store, clock, vault, side, register: false));
        configuration.MapDelete(path, async (HttpContext http, IOcpiStore store, IClock clock) =>
        {
            var partner = OcpiGate.CallerOf(http);
            if (Handshake.RefuseUpdate(partner) is { } refusal)
                return OcpiResult.MethodNotAllowed(refusal);
            var now = clock.GetCurrentInstant();
            await using var session = store.LightweightSession().Stamp(new EventContext($"partner:{partner.Id}", now));
            // Locked: the operator and the partner's other calls append to its stream too (StreamLocks).
            var stream = await session.Events.FetchForExclusiveWriting<Partner>(partner.Id, http.RequestAborted);
            stream.AppendOne(new PartnerUnregistered(partner.Id, "partner", now));
            await session.SaveChangesAsync(http.RequestAborted);
            side.Changed?.Invoke(http);
            return OcpiResult.Ok();
        });
    }

    private static async Task<OcpiResult> Exchange(HttpContext http, OcpiClient client, IOcpiStore store, IClock clock, TokenVault vault,
        CredentialsSide side, bool register)
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
        if (await side.RefuseRoles(http, partner, theirs) is { } refusedRoles)
            return OcpiResult.InvalidParameters(refusedRoles);

        var discovery = await EndpointDiscovery.Discover(client, theirs.Url, theirs.Token, partner.EncodeToken, http.RequestAborted);
        if (discovery.Endpoints is null)
            return OcpiResult.Error(discovery.StatusCode, discovery.Problem!);

        var ourToken = TokenHash.NewToken();
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext($"partner:{partner.Id}", now));
        // Locked: the operator and the partner's other calls append to its stream too (StreamLocks).
        var stream = await session.Events.FetchForExclusiveWriting<Partner>(partner.Id, http.RequestAborted);
        stream.AppendOne(register
            ? Handshake.Register(partner, TheirCredentials.Sealed(theirs, vault), discovery, ourToken, now)
            : Handshake.Update(partner, TheirCredentials.Sealed(theirs, vault), discovery, ourToken, now));
        await session.SaveChangesAsync(http.RequestAborted);
        side.Changed?.Invoke(http);
        return OcpiResult.Ok(side.Ours(http, ourToken));
    }

    private static string PresentedToken(HttpContext http)
    {
        var partner = OcpiGate.CallerOf(http);
        return AuthorizationToken.Candidates(http.Request.Headers.Authorization.ToString())
            .First(candidate => TokenHash.Of(candidate) is var hash && (hash == partner.AcceptedTokenHash || hash == partner.PendingTokenHash));
    }
}
