using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Roaming.Platform.Http;
using Roaming.Protocols.Ocpi.Tokens;
using Roaming.Tokens.Tokens.Ocpi;

namespace Roaming.Tokens.Tokens.Getting;

/// <summary>
/// <c>GET /api/tokens</c> (newest change first, offset/limit) and <c>GET /api/tokens/{uid}</c>: OCPI Token objects as they
/// were put, ours and partner e-MSPs', with the holder's personal data revealed (<c>[erased]</c> once forgotten).
/// </summary>
public static class GetTokens
{
    public static void MapGetTokens(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tokens", async (ITokensStore store, TokenHolderData holderData, int? offset, int? limit, HttpResponse response,
            CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var page = await session.Query<RegisteredToken>().OrderByDescending(t => t.LastChangedAt).ThenBy(t => t.Id)
                .ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(await holderData.Reveal(page.Select(t => t.Token).ToList(), cancellation));
        }).WithName("GetTokens");

        // Uids are unique per issuing party only (TokenKeys), as PUT /api/tokens/{uid} takes the party from the body:
        // country_code and party_id narrow the look-up when parties share a uid.
        api.MapGet("/tokens/{uid}", async Task<Results<Ok<Token>, NotFound, ProblemHttpResult>> (string uid, [FromQuery(Name = "country_code")] string? countryCode, [FromQuery(Name = "party_id")] string? partyId,
            ITokensStore store, TokenHolderData holderData, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var query = session.Query<RegisteredToken>().Where(t => t.Token.Uid == uid);
            if (countryCode is not null)
                query = query.Where(t => t.Token.CountryCode == countryCode);
            if (partyId is not null)
                query = query.Where(t => t.Token.PartyId == partyId);
            var found = await query.Take(2).ToListAsync(cancellation);
            return found.Count switch
            {
                0 => TypedResults.NotFound(),
                1 => TypedResults.Ok(await holderData.Reveal(found[0].Token, cancellation)),
                _ => TypedResults.Problem($"Token {uid} is issued by several parties: add ?country_code=..&party_id=..",
                    statusCode: StatusCodes.Status409Conflict),
            };
        }).WithName("GetToken");
    }
}
