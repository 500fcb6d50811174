using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
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

namespace Roaming.Ocpi.Partners.RegisteringWithPartner;

public sealed record RegisterWithPartnerRequest(
    [property: JsonPropertyName("versions_url")] string? VersionsUrl,
    [property: JsonPropertyName("token_a")] string? TokenA,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("base64_token")] bool? Base64Token);

/// <summary>
/// <c>POST /api/partners/register</c>: we are the Sender of credentials. GET their versions and details with their
/// token A, accept our new token B (so they can call us back during the POST), POST our credentials, keep their token C.
/// </summary>
public static class RegisterWithPartner
{
    public static void MapRegisterWithPartner(this IEndpointRouteBuilder api) =>
        api.MapPost("/partners/register", async (RegisterWithPartnerRequest request, HttpContext http, OcpiClient client,
            IOcpiStore store, IClock clock, OwnPlatform own, TokenVault vault) =>
        {
            var errors = new FieldErrors();
            errors.Url("versions_url", request.VersionsUrl, required: true);
            if (!AuthorizationToken.IsValidToken(request.TokenA))
                errors.Add("token_a", "must be 1 to 64 printable non-whitespace ASCII characters");
            if (!errors.IsValid)
                return (IResult)errors.ToProblem();

            var discovery = await EndpointDiscovery.Discover(client, request.VersionsUrl!, request.TokenA!, request.Base64Token ?? true, http.RequestAborted);
            var credentialsUrl = discovery.Endpoints?.FirstOrDefault(e => e.Identifier == "credentials")?.Url;
            if (credentialsUrl is null)
                return Problem(HttpStatusCode.BadGateway, discovery.Problem ?? "the partner lists no credentials endpoint");

            var partnerId = Guid.CreateVersion7().ToString();
            var tokenB = TokenHash.NewToken();
            var now = clock.GetCurrentInstant();
            await using (var session = store.LightweightSession().Stamp(EventContext.Operator(now)))
            {
                session.Events.StartStream<Partner>(partnerId, new RegistrationWithPartnerStarted(partnerId, request.Name?.Trim() ?? request.VersionsUrl!,
                    request.VersionsUrl!, vault.Seal(request.TokenA!), discovery.Endpoints!, TokenHash.Of(tokenB), discovery.EncodeToken, now));
                await session.SaveChangesAsync(http.RequestAborted);
            }

            var ours = Handshake.Ours(tokenB, OcpiUrls.BaseUrl(http.Request), own);
            var answer = await client.Send(new OcpiCall(HttpMethod.Post, credentialsUrl, request.TokenA!, discovery.EncodeToken,
                OcpiJson.Serialize(ours)), http.RequestAborted);
            var credentialsErrors = new FieldErrors();
            var theirs = answer.IsSuccess && answer.Data is { ValueKind: JsonValueKind.Object } data ? CredentialsRules.Read(data, credentialsErrors) : null;

            var at = clock.GetCurrentInstant();
            await using var finish = store.LightweightSession().Stamp(EventContext.Operator(at));
            // Locked: the token resealing at start appends to partner streams too (StreamLocks).
            var stream = await finish.Events.FetchForExclusiveWriting<Partner>(partnerId, http.RequestAborted);
            if (theirs is null)
            {
                stream.AppendOne( new PartnerUnregistered(partnerId, "registration-failed", at));
                await finish.SaveChangesAsync(http.RequestAborted);
                return Problem(HttpStatusCode.BadGateway, $"POST {credentialsUrl}: {answer.Describe()} {CredentialsRules.Describe(credentialsErrors)}".Trim());
            }
            stream.AppendOne(new RegisteredWithPartner(partnerId, TheirCredentials.Sealed(theirs, vault), at));
            await finish.SaveChangesAsync(http.RequestAborted);
            var partner = await finish.LoadAsync<Partner>(partnerId, http.RequestAborted);
            return TypedResults.Ok(PartnerSummary.Of(partner!));
        }).WithName("RegisterWithOcpiPartner");

    private static IResult Problem(HttpStatusCode status, string detail) =>
        TypedResults.Problem(detail, statusCode: (int)status, title: "Registration with the partner failed");
}
