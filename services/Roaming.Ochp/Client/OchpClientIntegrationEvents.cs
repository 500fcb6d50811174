using JasperFx.Events;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ochp.Client.Authorisations;
using Roaming.Platform.Messaging;

namespace Roaming.Ochp.Client;

/// <summary>
/// What the OCHP client tells other services: the roaming authorisations of connected e-MSPs, as the
/// <see cref="PartnerTokenReceived"/> Tokens already consumes from OCPI (same holder-field encryption), so our chargers
/// authorize those drivers. The partner id is <c>ochp:&lt;provider&gt;</c>, e.g. <c>ochp:DE*8AA</c>.
/// </summary>
public sealed class OchpClientIntegrationEvents : IIntegrationEventMap<IOchpStore>
{
    public object? ToMessage(IEvent stored) => Message(stored);

    /// <summary>The message of one of the client's events, or null (for a map that also publishes other events of the store).</summary>
    public static object? Message(IEvent stored) => stored.Data switch
    {
        RoamingAuthorisationReceived received => new PartnerTokenReceived(PartnerOf(received.CountryCode, received.PartyId), received.CountryCode,
            received.PartyId, received.Uid, received.Type, received.TokenJson),
        RoamingAuthorisationExpired expired => new PartnerTokenReceived(PartnerOf(expired.CountryCode, expired.PartyId), expired.CountryCode,
            expired.PartyId, expired.Uid, expired.Type, expired.TokenJson),
        _ => null,
    };

    public IReadOnlyCollection<Type>? PublishedEventTypes => [typeof(RoamingAuthorisationReceived), typeof(RoamingAuthorisationExpired)];

    private static string PartnerOf(string countryCode, string partyId) => $"ochp:{countryCode}*{partyId}";
}
