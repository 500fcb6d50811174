using JasperFx.Events;
using Roaming.Contracts.Tokens.V1;
using Roaming.Platform.Messaging;
using Roaming.Tokens.Tokens.Ocpi;

namespace Roaming.Tokens.Tokens;

/// <summary>
/// What Tokens tells other services: the token in contract form with the answer a charger gets for it. The contract id
/// goes out as it is stored, encrypted under its holder's key, so that the copies other services keep (Charging's
/// snapshot and the <c>cdr_token</c> of its CDR events, Ingest's known token) become unreadable with the same
/// <c>roaming audit forget</c>; a service reveals it through the shared <see cref="Roaming.Platform.Sealing.Shredding.SubjectKeyVault"/>
/// only where it shows it (an API answer, a message to a partner).
/// </summary>
public sealed class TokensIntegrationEvents : IIntegrationEventMap<ITokensStore>
{
    public object? ToMessage(IEvent stored) => stored.Data is TokenPut put ? ToContract(put) : null;

    /// <summary>The message of a put, holder data as it is in the put (encrypted when stored).</summary>
    public static TokenChanged ToContract(TokenPut put)
    {
        var token = put.Token;
        return new TokenChanged(token.CountryCode!, token.PartyId!, token.Uid!, token.Type!.Text, token.ContractId!, token.Issuer!,
            token.GroupId, token.Valid ?? false, token.Whitelist!.Text, TokenAuthorization.Decide(token).Status.ToString(),
            token.LastUpdated ?? put.At);
    }
}
