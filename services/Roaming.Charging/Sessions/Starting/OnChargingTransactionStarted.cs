using MassTransit;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Charging.Sessions.Starting;

/// <summary>
/// A charger started a transaction: open the charging session of our CPO party (with a broker; the embedded default hands
/// it to <see cref="ChargingTransactionRecorder"/> in batches).
/// </summary>
public sealed class OnChargingTransactionStarted(ChargingTransactionRecorder recorder) : IConsumer<ChargingTransactionStarted>
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

    public Task Consume(ConsumeContext<ChargingTransactionStarted> context) => recorder.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}
