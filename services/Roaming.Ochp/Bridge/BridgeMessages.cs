using JasperFx.Events;
using Roaming.Contracts.Ocpi.V1;

namespace Roaming.Ochp.Bridge;

/// <summary>What the bridge tells the OCPI hub, from the event log: each OCHP object mapped to OCPI as <see cref="HubObjectBridged"/>.</summary>
public sealed class BridgeMessages : IOchpMessageSource
{
    public object? ToMessage(IEvent stored) => stored.Data is OchpObjectBridged bridged
        ? new HubObjectBridged(bridged.ParticipantId, bridged.CountryCode, bridged.PartyId, bridged.Module, bridged.ObjectId, bridged.ObjectJson,
            bridged.LastUpdated, bridged.Actor)
        : null;

    public IReadOnlyCollection<Type> PublishedEventTypes => [typeof(OchpObjectBridged)];
}
