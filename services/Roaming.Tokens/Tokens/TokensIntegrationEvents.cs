using JasperFx.Events;
using Roaming.Contracts.Tokens.V1;
using Roaming.Platform.Messaging;
using Roaming.Tokens.Tokens.Ocpi;

namespace Roaming.Tokens.Tokens;

/// <summary>What Tokens tells other services: the token in contract form (holder data revealed) with the answer a charger gets for it.</summary>
public sealed class TokensIntegrationEvents(TokenHolderData holderData) : IIntegrationEventMap<ITokensStore>
{
    public async ValueTask<object?> ToMessageAsync(IEvent stored, CancellationToken cancellation) =>
        stored.Data is TokenPut put ? ToContract(put with { Token = await holderData.Reveal(put.Token, cancellation) }) : null;

    /// <summary>The message of a put whose holder data is in clear.</summary>
    public static TokenChanged ToContract(TokenPut put)
    {
        var token = put.Token;
        return new TokenChanged(token.CountryCode!, token.PartyId!, token.Uid!, token.Type!.Text, token.ContractId!, token.Issuer!,
            token.GroupId, token.Valid ?? false, token.Whitelist!.Text, TokenAuthorization.Decide(token).Status.ToString(),
            token.LastUpdated ?? put.At);
    }
}
