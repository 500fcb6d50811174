using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Credentials;
using Roaming.Ocpi.Partners.Listing;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Partners.Rotating;

/// <summary>
/// <c>POST /api/partners/{id}/credentials/rotate</c>: we PUT new credentials (a new token of ours) to the partner and keep
/// the token it answers with. While the PUT is in flight both our tokens are accepted, since the partner calls our
/// versions back with the new one before it answers (spec issue #568).
/// </summary>
public static class RotateCredentials
{
    public static void MapRotateCredentials(this IEndpointRouteBuilder api) =>
        api.MapPost("/partners/{id}/credentials/rotate", async (string id, HttpContext http, IOcpiStore store, OcpiClient client, OwnPlatform own,
            IClock clock, TokenVault vault) =>
        {
            Partner? partner;
            await using (var query = store.QuerySession())
                partner = await query.LoadAsync<Partner>(id, http.RequestAborted);
            var credentialsUrl = partner?.EndpointUrl("credentials", InterfaceRoles.Sender) ?? partner?.Endpoints.FirstOrDefault(e => e.Identifier == "credentials")?.Url;
            if (partner is null || !partner.CanBeCalled || credentialsUrl is null)
                return Results.Problem("The partner is not registered", statusCode: (int)HttpStatusCode.Conflict);

            var newToken = TokenHash.NewToken();
            await Append(store, id, new CredentialsRotationStarted(id, TokenHash.Of(newToken), clock.GetCurrentInstant()), http.RequestAborted);
            var answer = await client.Send(new OcpiCall(HttpMethod.Put, credentialsUrl, partner.TheirToken!, partner.EncodeToken,
                OcpiJson.Serialize(Handshake.Ours(newToken, OcpiUrls.BaseUrl(http.Request), own))), http.RequestAborted);
            var errors = new FieldErrors();
            var theirs = answer.IsSuccess && answer.Data is { ValueKind: JsonValueKind.Object } data ? CredentialsRules.Read(data, errors) : null;
            if (theirs is null)
            {
                await Append(store, id, new CredentialsRotationAbandoned(id, answer.Describe(), clock.GetCurrentInstant()), http.RequestAborted);
                return Results.Problem($"PUT {credentialsUrl}: {answer.Describe()} {CredentialsRules.Describe(errors)}".Trim(), statusCode: (int)HttpStatusCode.BadGateway);
            }
            await Append(store, id, new CredentialsRotated(id, TheirCredentials.Sealed(theirs, vault), clock.GetCurrentInstant()), http.RequestAborted);
            await using var session = store.QuerySession();
            return Results.Ok(PartnerSummary.Of((await session.LoadAsync<Partner>(id, http.RequestAborted))!));
        }).WithName("RotateOcpiCredentials");

    internal static async Task Append(IOcpiStore store, string partnerId, object @event, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        if (@event is CredentialsRotationStarted started)
            session.Stamp(EventContext.Operator(started.At));
        // Locked: the partner's own calls (credentials, hubclientinfo) append to its stream too (StreamLocks).
        var stream = await session.Events.FetchForExclusiveWriting<Partner>(partnerId, cancellation);
        stream.AppendOne(@event);
        await session.SaveChangesAsync(cancellation);
    }
}
