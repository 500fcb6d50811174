using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ingest.Authorizing;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Connections;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Ocpp.V16.Messages;

namespace Roaming.Ingest.Protocols;

/// <summary>
/// OCPP 1.6J CALLs from a charge point. Authorization is answered from Ingest's local token copies, or for tokens whose
/// e-MSP requires it by asking the e-MSP in real time (<see cref="TokenAuthorizer"/>).
/// </summary>
public sealed class Ocpp16Protocol(TokenAuthorizer authorizer, IOptions<IngestLimits> limits) : IChargePointProtocol
{
    public OcppVersion Version => OcppVersion.V16;

    public async Task<Exchange> Handle(ChargePoint state, Call call, Instant receivedAt, CancellationToken cancellationToken)
    {
        var now = receivedAt.ToDateTimeOffset();
        switch (call.Action)
        {
            case "BootNotification":
            {
                var boot = OcppJson.Deserialize<BootNotificationRequest>(call.Payload);
                return Exchange.Answer(new BootNotificationResponse(RegistrationStatus.Accepted, now, limits.Value.HeartbeatIntervalSeconds),
                    new ChargePointBooted(state.Id, Ocpp16Decisions.Version, boot.ChargePointVendor, boot.ChargePointModel,
                        boot.ChargePointSerialNumber ?? boot.ChargeBoxSerialNumber, boot.FirmwareVersion, receivedAt));
            }
            case "Heartbeat":
                return Exchange.Answer(new HeartbeatResponse(now));
            case "StatusNotification":
                return Exchange.Answer(new StatusNotificationResponse(),
                    Ocpp16Decisions.Status(state, OcppJson.Deserialize<StatusNotificationRequest>(call.Payload), receivedAt));
            case "Authorize":
            {
                var authorize = OcppJson.Deserialize<AuthorizeRequest>(call.Payload);
                var authorized = await authorizer.Authorize(state, authorize.IdTag, receivedAt, null, realTime: true, cancellationToken);
                return Exchange.Answer(new AuthorizeResponse(new IdTagInfo(StatusOf(authorized.Answer))), authorized.Facts);
            }
            case "StartTransaction":
            {
                var start = OcppJson.Deserialize<StartTransactionRequest>(call.Payload);
                // a retried start (same business key) keeps its first answer: no second real-time question
                var retried = state.TransactionIdForStart(Ocpp16Decisions.StartKey(start)) is not null;
                var authorized = await authorizer.Authorize(state, start.IdTag, receivedAt, start.ReservationId, realTime: !retried, cancellationToken);
                var status = StatusOf(authorized.Answer);
                var (transactionId, fact) = Ocpp16Decisions.Start(state, start, authorized.Answer with { Status = status.ToString() }, receivedAt);
                var response = new StartTransactionResponse(new IdTagInfo(status), transactionId);
                return Exchange.Answer(response, [.. authorized.Facts, .. fact is null ? Array.Empty<object>() : [fact]]);
            }
            case "MeterValues":
                return Exchange.Answer(new MeterValuesResponse(),
                    Ocpp16Decisions.MeterValues(state, OcppJson.Deserialize<MeterValuesRequest>(call.Payload), receivedAt));
            case "StopTransaction":
            {
                var stop = OcppJson.Deserialize<StopTransactionRequest>(call.Payload);
                var response = stop.IdTag is null ? new StopTransactionResponse()
                    : new StopTransactionResponse(new IdTagInfo(StatusOf((await authorizer.Authorize(state, stop.IdTag, receivedAt, null, realTime: false, cancellationToken)).Answer)));
                return new Exchange(response, null, Ocpp16Decisions.Stop(state, stop, receivedAt));
            }
            case "DataTransfer":
                // No vendor extensions are implemented; the frame itself is kept as evidence.
                return Exchange.Answer(new DataTransferResponse(DataTransferStatus.UnknownVendorId));
            case "DiagnosticsStatusNotification":
                return Exchange.Answer(new DiagnosticsStatusNotificationResponse());
            case "FirmwareStatusNotification":
                return Exchange.Answer(new FirmwareStatusNotificationResponse());
            default:
                return Exchange.Fail(OcppError.NotSupported(call.Action));
        }
    }

    private static AuthorizationStatus StatusOf(ChargerAnswer answer) =>
        Enum.TryParse<AuthorizationStatus>(answer.Status, out var status) ? status : AuthorizationStatus.Invalid;
}
