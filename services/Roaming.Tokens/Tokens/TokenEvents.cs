using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Tokens.Tokens.Ocpi;
using Roaming.Protocols.Ocpi.Tokens;

namespace Roaming.Tokens.Tokens;

/// <summary>A token (own, or a partner e-MSP's) was put whole: created or replaced. The holder's personal data is encrypted (<see cref="TokenHolderData"/>).</summary>
public sealed record TokenPut(string TokenKey, Token Token, Instant At);

public static class TokenKeys
{
    /// <summary>Token uids are unique per issuing party only.</summary>
    public static string For(string countryCode, string partyId, string uid) => $"{countryCode}*{partyId}*{uid}";
}

/// <summary>The token as last put, holder data still encrypted: reveal it with <see cref="TokenHolderData"/> where it is shown.</summary>
public sealed record RegisteredToken(string Id, Token Token, Instant LastChangedAt);

public sealed class RegisteredTokenProjection : SingleStreamProjection<RegisteredToken, string>
{
    public static RegisteredToken Create(TokenPut put) => new(put.TokenKey, put.Token, put.At);

    public static RegisteredToken Apply(TokenPut put, RegisteredToken _) => new(put.TokenKey, put.Token, put.At);
}
