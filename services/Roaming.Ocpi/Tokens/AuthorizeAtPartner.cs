using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Tokens;

/// <summary>
/// The CPO side of real-time authorization: <c>POST /api/partners/{id}/tokens/{uid}/authorize[?type=]</c> (optional
/// LocationReferences body) asks the partner e-MSP's tokens sender and answers its AuthorizationInfo. Either an HTTP 404
/// or status 2004 from the partner means the token is unknown (issue #417).
/// </summary>
public static class AuthorizeAtPartner
{
    public static void MapAuthorizeAtPartner(this IEndpointRouteBuilder api) =>
        api.MapPost("/partners/{id}/tokens/{uid}/authorize", async (string id, string uid, string? type, HttpContext http, IOcpiStore store,
            OcpiClient client, OwnPlatform own) =>
        {
            Partner? partner;
            await using (var session = store.QuerySession())
                partner = await session.LoadAsync<Partner>(id, http.RequestAborted);
            var url = partner?.EndpointUrl("tokens", InterfaceRoles.Sender);
            if (partner is null || !partner.CanBeCalled || url is null)
                return Results.Problem("The partner is not registered or has no tokens sender", statusCode: 409);
            var (body, bad) = await OcpiBody.Read(http.Request, optional: true);
            if (bad is not null)
                return Results.Problem("The body must be LocationReferences JSON", statusCode: 400);
            // Through a hub, ?to=CC*PID names the party behind it (OCPI-to-*); without it, the partner's own EMSP party.
            if (partner.Addressee("EMSP", PartyText.Parse(http.Request.Query["to"])) is not { } to)
                return Results.Problem("The partner does not reach party " + http.Request.Query["to"], statusCode: 409);
            var (target, answer) = await Ask(client, own, partner, url, uid, type, body.ValueKind == JsonValueKind.Undefined ? null : body.GetRawText(),
                to, http.RequestAborted);
            if (IsUnknownToken(answer))
                return Results.Ok(new { allowed = "UNKNOWN", partner_answer = answer.Describe() });
            return answer.IsSuccess && answer.Data is { ValueKind: JsonValueKind.Object } info
                ? Results.Ok(info)
                : Results.Problem($"POST {target}: {answer.Describe()}", statusCode: 502);
        }).WithName("AuthorizeTokenAtOcpiPartner");

    /// <summary><c>POST {tokensUrl}/{uid}/authorize[?type=]</c> with an optional LocationReferences body, to the party <paramref name="to"/>.</summary>
    public static async Task<(string Target, OcpiAnswer Answer)> Ask(OcpiClient client, OwnPlatform own, Partner partner, string tokensUrl, string uid,
        string? type, string? locationReferences, (string CountryCode, string PartyId) to, CancellationToken cancellationToken)
    {
        var target = OcpiUrls.Join(tokensUrl, uid, "authorize") + (type is null ? "" : $"?type={Uri.EscapeDataString(type)}");
        var answer = await client.Send(new OcpiCall(HttpMethod.Post, target, partner.TheirToken!, partner.EncodeToken, locationReferences,
            (own.CountryCode, own.PartyId), to), cancellationToken);
        return (target, answer);
    }

    /// <summary>Either an HTTP 404 or status 2004 means the e-MSP does not know the token (issue #417).</summary>
    public static bool IsUnknownToken(OcpiAnswer answer) =>
        answer.HttpStatus == System.Net.HttpStatusCode.NotFound || answer.StatusCode == OcpiStatus.UnknownToken;
}
