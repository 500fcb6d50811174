using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Network.Locations.LiveStatus;

/// <summary>
/// A charger reported a connector's status: derive its EVSE's OCPI status (<see cref="EvseStatusRules"/>) and, when it
/// changed, record <see cref="EvseLiveStatusChanged"/> on the location's stream (the read model and partners follow).
/// </summary>
public sealed class OnConnectorStatusChanged(INetworkStore store, IClock clock, IOptions<RoamingOptions> roaming, ILogger<OnConnectorStatusChanged> logger)
    : IConsumer<ConnectorStatusChanged>
{
    public async Task Consume(ConsumeContext<ConnectorStatusChanged> context)
    {
        var message = context.Message;
        if (message.Connector is not { } connector)
        {
            // Ingest recorded the frame already; a connector not registered to an EVSE has no OCPI status to change.
            logger.LogDebug("Status {Status} of unmapped connector {EvseId}/{ConnectorId} of charger {ChargePoint} not applied to a location",
                message.Status, message.OcppEvseId, message.OcppConnectorId, message.ChargePointId);
            return;
        }
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("network", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnConnectorStatusChanged), context.MessageId, now, context.CancellationToken))
            return;
        var party = roaming.Value.Party.Split('*');
        var locationKey = LocationKeys.For(party[0], party[1], connector.LocationId);
        // Locked: statuses of the location's other EVSEs and the operator's PUT append to this stream at any moment (StreamLocks).
        var location = await session.Events.FetchForExclusiveWriting<PublishedLocation>(locationKey, context.CancellationToken);
        var evse = location.Aggregate?.Evse(connector.EvseUid);
        if (evse is null)
        {
            logger.LogDebug("Status {Status} of charger {ChargePoint} is for EVSE {EvseUid} of location {LocationId}, which Network does not have",
                message.Status, message.ChargePointId, connector.EvseUid, connector.LocationId);
            await session.SaveChangesAsync(context.CancellationToken);
            return;
        }
        var id = EvseLiveState.IdFor(locationKey, connector.EvseUid);
        var decision = EvseStatusRules.Apply(await session.LoadAsync<EvseLiveState>(id, context.CancellationToken), id, connector.ConnectorId,
            message.Status, message.TransactionId is not null, message.ReportedAt, evse.Status?.TryGetValue(out var shown) == true ? shown : null);
        if (decision is null)
        {
            logger.LogInformation("Status {Status} of charger {ChargePoint} reported at {ReportedAt} is older than the last applied to EVSE {EvseUid}; not applied",
                message.Status, message.ChargePointId, message.ReportedAt, connector.EvseUid);
            await session.SaveChangesAsync(context.CancellationToken);
            return;
        }
        session.Store(decision.Next);
        if (decision.ChangedTo is { } status)
            location.AppendOne(new EvseLiveStatusChanged(locationKey, evse.Uid!, evse.EvseId, status, message.ChargePointId, message.OcppConnectorId,
                message.Status, message.ReportedAt, message.ReceivedAt));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
