using JasperFx.Events;
using Roaming.Contracts.Tokens.V1;
using Roaming.Platform.Messaging;
using Roaming.Tokens.Tokens.Ocpi;

namespace Roaming.Tokens.Tokens;

/// <summary>What Tokens tells other services: the token in contract form with the answer a charger gets for it.</summary>
public sealed class TokensIntegrationEvents : IIntegrationEventMap<ITokensStore>
{
    public object? ToMessage(IEvent stored) => stored.Data is TokenPut put ? ToContract(put) : null;

    public static TokenChanged ToContract(TokenPut put)
    {
        var token = put.Token;
        return new TokenChanged(token.CountryCode!, token.PartyId!, token.Uid!, token.Type!.Text, token.ContractId!, token.Issuer!,
            token.GroupId, token.Valid ?? false, token.Whitelist!.Text, TokenAuthorization.Decide(token).Status.ToString(),
            token.LastUpdated ?? put.At);
    }
}
