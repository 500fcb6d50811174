using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Tokens;

/// <summary>
/// Real-time authorization on our eMSP tokens sender: <c>POST {tokens}/{uid}/authorize[?type=RFID]</c> with optional
/// LocationReferences. An unknown token is HTTP 404 with 2004 (issue #417); a blocked one is HTTP 200 with
/// <c>allowed: BLOCKED</c> (issue #528).
/// </summary>
public static class AuthorizeToken
{
    public static OcpiResult Decide(OcpiObject? token, JsonElement? locationReferences, string authorizationReference)
    {
        if (token is null || token.Removed)
            return OcpiResult.NotFound("Unknown token", OcpiStatus.UnknownToken);
        var info = new JsonObject();
        var tokenJson = JsonNode.Parse(token.Json)!.AsObject();
        info["allowed"] = tokenJson["valid"]?.GetValue<bool>() == true ? "ALLOWED" : "BLOCKED";
        info["token"] = tokenJson;
        if (locationReferences is { ValueKind: JsonValueKind.Object } references)
            info["location"] = JsonNode.Parse(references.GetRawText());
        info["authorization_reference"] = authorizationReference;
        return OcpiResult.Ok(info);
    }

    public static void MapAuthorizeToken(this IEndpointRouteBuilder ocpi) =>
        ocpi.MapPost("/emsp/tokens/{uid}/authorize", async (string uid, string? type, HttpContext http, IOcpiStore store, OwnPlatform own,
            HolderFields holders) =>
        {
            var (body, bad) = await OcpiBody.Read(http.Request, optional: true);
            if (bad is not null)
                return bad;
            JsonElement? references = body.ValueKind == JsonValueKind.Undefined ? null : body;
            if (references is { } given)
            {
                if (ModuleObjectRules.LocationReferences(given) is { IsValid: false } errors)
                    return OcpiResult.InvalidParameters(Objects.Receiving.ReceivedObjects.Describe(errors));
            }
            await using var session = store.QuerySession();
            var token = await session.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Tokens, own.CountryCode, own.PartyId, uid, type ?? "RFID"),
                http.RequestAborted);
            // The answer carries the whole token: its holder's data goes out revealed ([erased] once the holder was forgotten).
            if (token is { Owner: Owners.Self })
                token = token with { Json = await holders.Reveal(Modules.Tokens, token.Json, http.RequestAborted) };
            return Decide(token is { Owner: Owners.Self } ? token : null, references, Guid.NewGuid().ToString());
        });
}
