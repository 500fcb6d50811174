using JasperFx.Events;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ocpi.Commands;
using Roaming.Ocpi.Objects;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi;

/// <summary>What OCPI tells other services: commands for chargers (to Ingest), partner tokens (to Tokens), partner CDRs to reconcile (to Charging).</summary>
public sealed class OcpiIntegrationEvents : Platform.Messaging.IIntegrationEventMap<IOcpiStore>
{
    public object? ToMessage(IEvent stored) => stored.Data switch
    {
        CommandReceived received => ReceiveCommand.ToMessage(received),
        OcpiObjectStored { Object: { Module: Modules.Tokens } token } when token.Owner != Owners.Self && !token.Removed =>
            new PartnerTokenReceived(token.Owner, token.CountryCode, token.PartyId, token.ObjectId, TokenType(token.Id), token.Json),
        Objects.Receiving.PartnerCdrReconciliationRequested reconcile => reconcile.ToMessage(),
        Hub.Broadcast.HubObjectStored { Source: Hub.Broadcast.HubObjectSources.Ocpi } hubObject => hubObject.ToMessage(),
        Hub.Broadcast.HubObjectRemoved { Source: Hub.Broadcast.HubObjectSources.Ocpi, ParticipantId: { } participantId } removed => removed.ToMessage(participantId),
        _ => null,
    };

    private static string TokenType(string key) => key[(key.LastIndexOf('/') + 1)..];
}
