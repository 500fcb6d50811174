using JasperFx.Events;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Commands;
using Roaming.Ingest.Commands.Sending;
using Roaming.Ingest.Transactions;
using Roaming.Platform.Messaging;
using Contract = Roaming.Contracts.Ingest.V1;

namespace Roaming.Ingest.Publishing;

/// <summary>What Ingest tells the other services. Frames and registrations stay internal.</summary>
public sealed class IngestIntegrationEvents : IIntegrationEventMap<IIngestStore>
{
    /// <summary>The facts <see cref="ToMessage"/> maps (keep the two in step); the outbox skips frames and registrations unread.</summary>
    public IReadOnlyCollection<Type> PublishedEventTypes { get; } =
        [typeof(TransactionStarted), typeof(MeterValuesSampled), typeof(ConnectorStatusReported), typeof(TransactionStopped), typeof(ChargePointCommandAnswered),
            typeof(OperatorCommandRequested)];

    public object? ToMessage(IEvent stored) => stored.Data switch
    {
        TransactionStarted started => new ChargingTransactionStarted(
            started.ChargePointId, started.TransactionId, started.OcppVersion, started.OcppEvseId, started.OcppConnectorId,
            Reference(started.Connector), started.IdTag, started.MeterStartWh, started.ReportedAt, started.ReceivedAt,
            started.Offline, started.AuthorizationStatus, started.AuthMethod ?? AuthorizationMethods.Whitelist, started.AuthorizationReference,
            started.ReservationId),
        MeterValuesSampled { TransactionId: not null } sampled => new MeterValuesReported(
            sampled.ChargePointId, sampled.TransactionId,
            sampled.Samples.Select(s => new Contract.MeterSample(s.ReportedAt, s.Measurand, s.Phase, s.Context, s.Location, s.Value, s.Unit, s.SignedData)).ToList(),
            sampled.ReceivedAt),
        ConnectorStatusReported status => new ConnectorStatusChanged(
            status.ChargePointId, status.OcppEvseId, status.OcppConnectorId, Reference(status.Connector), status.Status,
            status.TransactionId, status.ReportedAt, status.ReceivedAt),
        TransactionStopped stopped => new ChargingTransactionStopped(
            stopped.ChargePointId, stopped.TransactionId, stopped.MeterStopWh, stopped.Reason, stopped.IdTag,
            stopped.ReportedAt, stopped.ReceivedAt, stopped.MeterWentBackwards, stopped.ClosedBySweep),
        ChargePointCommandAnswered answered => new ChargePointCommandCompleted(answered.CommandId, answered.Status, answered.Detail, answered.ResultJson),
        OperatorCommandRequested requested => requested.ToMessage(),
        _ => null,
    };

    private static ConnectorReference? Reference(ConnectorMapping? mapping) =>
        mapping is null ? null : new ConnectorReference(mapping.LocationId, mapping.EvseUid, mapping.ConnectorId);
}
