using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Charging.Sessions.Starting;

/// <summary>A charger started a transaction: open the charging session of our CPO party.</summary>
public sealed class OnChargingTransactionStarted(IChargingStore store, IClock clock, IOptions<RoamingOptions> roaming,
    ILogger<OnChargingTransactionStarted> logger) : IConsumer<ChargingTransactionStarted>
{
    public static SessionStarted? Decide(ChargingSession? existing, ChargingTransactionStarted started, string ownParty)
    {
        if (existing is not null || started.Connector is null)
            return null;
        var party = ownParty.Split('*');
        return new SessionStarted(
            ChargingSession.IdFor(started.ChargePointId, started.TransactionId), party[0], party[1],
            started.ChargePointId, started.TransactionId, started.Connector.LocationId, started.Connector.EvseUid,
            started.Connector.ConnectorId, started.IdTag, started.AuthorizationStatus, started.MeterStartWh,
            started.ReportedAt, started.ReceivedAt, started.AuthMethod, started.AuthorizationReference);
    }

    public async Task Consume(ConsumeContext<ChargingTransactionStarted> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(EventContext.Message("charging", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnChargingTransactionStarted), context.MessageId, now, context.CancellationToken))
            return;
        var id = ChargingSession.IdFor(context.Message.ChargePointId, context.Message.TransactionId);
        var started = Decide(await session.LoadAsync<ChargingSession>(id, context.CancellationToken), context.Message, roaming.Value.Party);
        if (started is null && context.Message.Connector is null)
            logger.LogWarning("Transaction {Transaction} of {ChargePoint} is on an OCPP connector that is not mapped to an OCPI connector; no session",
                context.Message.TransactionId, context.Message.ChargePointId);
        if (started is not null)
            session.Events.StartStream<ChargingSession>(started.SessionId, started);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
