using MassTransit;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Charging.Sessions.Stopping;

/// <summary>
/// A charger stopped a transaction: end the session and issue its CDR, in one transaction (with a broker; the embedded
/// default hands it to <see cref="ChargingTransactionRecorder"/> in batches).
/// </summary>
public sealed class OnChargingTransactionStopped(ChargingTransactionRecorder recorder) : IConsumer<ChargingTransactionStopped>
{
    public static SessionEnded? Decide(ChargingSession? session, ChargingTransactionStopped stopped) =>
        session is null || session.Ended is not null
            ? null
            : new SessionEnded(session.Id, stopped.MeterStopWh, stopped.ReportedAt, stopped.ReceivedAt, stopped.Reason,
                stopped.MeterWentBackwards || stopped.MeterStopWh < session.Started.MeterStartWh, stopped.ClosedBySweep);

    public Task Consume(ConsumeContext<ChargingTransactionStopped> context) => recorder.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}
