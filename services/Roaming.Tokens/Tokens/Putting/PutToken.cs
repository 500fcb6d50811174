using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Tokens.Tokens.Ocpi;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tokens;
using Roaming.Contracts.Validation;


namespace Roaming.Tokens.Tokens.Putting;

/// <summary><c>PUT /api/tokens/{uid}</c>: an OCPI 2.2.1 Token, ours or a partner e-MSP's (operator-managed whitelist).</summary>
public static class PutToken
{
    public static TokenPut Decide(Token token, Instant now) =>
        new(TokenKeys.For(token.CountryCode!, token.PartyId!, token.Uid!), token with { LastUpdated = token.LastUpdated ?? now }, now);

    public static void MapPutToken(this IEndpointRouteBuilder api) => api.MapPut("/tokens/{uid}", Handle).WithName("PutToken")
        .WithSummary("Creates or replaces a token of ours or of a partner e-MSP (an OCPI 2.2.1 Token object).");

    private static async Task<Results<Ok<Token>, ValidationProblem>> Handle(string uid, JsonElement body, ITokensStore store, TokenHolderData holderData, IClock clock, CancellationToken cancellation)
    {
        if (!TokenValidation.TryRead(body, out var token, out var errors))
            return errors.ToProblem();
        if (token.Uid != uid)
            return new FieldErrors().Add("uid", "must equal the uid in the URL").ToProblem();

        var now = clock.GetCurrentInstant();
        var put = Decide(token, now);
        await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
        session.Events.Append(put.TokenKey, put with { Token = await holderData.Protect(put.Token, cancellation) });
        await session.SaveChangesAsync(cancellation);
        return TypedResults.Ok(put.Token);
    }
}
