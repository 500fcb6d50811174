using JasperFx.Events;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ochp.Client.Authorisations;

namespace Roaming.Ochp.Client;

/// <summary>
/// What the OCHP client tells other services: the roaming authorisations of connected e-MSPs, as the
/// <see cref="PartnerTokenReceived"/> Tokens already consumes from OCPI (same holder-field encryption), so our chargers
/// authorize those drivers. The partner id is <c>ochp:&lt;provider&gt;</c>, e.g. <c>ochp:DE*8AA</c>.
/// </summary>
public sealed class CpoClientMessages : IOchpMessageSource
{
    public object? ToMessage(IEvent stored) => stored.Data switch
    {
        RoamingAuthorisationReceived received => new PartnerTokenReceived(PartnerOf(received.CountryCode, received.PartyId), received.CountryCode,
            received.PartyId, received.Uid, received.Type, received.TokenJson),
        RoamingAuthorisationExpired expired => new PartnerTokenReceived(PartnerOf(expired.CountryCode, expired.PartyId), expired.CountryCode,
            expired.PartyId, expired.Uid, expired.Type, expired.TokenJson),
        _ => null,
    };

    public IReadOnlyCollection<Type> PublishedEventTypes => [typeof(RoamingAuthorisationReceived), typeof(RoamingAuthorisationExpired)];

    private static string PartnerOf(string countryCode, string partyId) => $"ochp:{countryCode}*{partyId}";
}
