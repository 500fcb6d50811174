using MassTransit;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Messaging;
namespace Roaming.Charging.Sessions.Recording;

/// <summary>
/// Meter samples of a running session (with a broker; the embedded default hands them to <see cref="ChargingTransactionRecorder"/>
/// in batches). Samples arriving after the session ended do not reopen it.
/// </summary>
public sealed class OnMeterValuesReported(ChargingTransactionRecorder recorder) : IConsumer<MeterValuesReported>
{
    public Task Consume(ConsumeContext<MeterValuesReported> context) => recorder.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}

/// <summary>Connector status during a session separates charging time from parking time (Charging vs SuspendedEV/Finishing).</summary>
public sealed class OnConnectorStatusChanged(ChargingTransactionRecorder recorder) : IConsumer<ConnectorStatusChanged>
{
    public Task Consume(ConsumeContext<ConnectorStatusChanged> context) => recorder.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}
