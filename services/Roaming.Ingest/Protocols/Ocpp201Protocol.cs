using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ingest.Authorizing;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Connections;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Ocpp.V201.Messages;

namespace Roaming.Ingest.Protocols;

/// <summary>
/// OCPP 2.0.1 CALLs from a charging station. Authorization is answered from Ingest's local token copies; the
/// decisions are in <see cref="Ocpp201Decisions"/>. Notifications without business facts (events, security events,
/// firmware and log status, reports) are answered and kept as frame evidence.
/// </summary>
public sealed class Ocpp201Protocol(IIngestStore store, IOptions<IngestLimits> limits, ILogger<Ocpp201Protocol> logger) : IChargePointProtocol
{
    public OcppVersion Version => OcppVersion.V201;

    public async Task<Exchange> Handle(ChargePoint state, Call call, Instant receivedAt, CancellationToken cancellationToken)
    {
        var now = receivedAt.ToDateTimeOffset();
        switch (call.Action)
        {
            case "BootNotification":
                return Exchange.Answer(new BootNotificationResponse(now, limits.Value.HeartbeatIntervalSeconds, RegistrationStatusEnumType.Accepted),
                    Ocpp201Decisions.Boot(state, OcppJson.Deserialize<BootNotificationRequest>(call.Payload), receivedAt));
            case "Heartbeat":
                return Exchange.Answer(new HeartbeatResponse(now));
            case "StatusNotification":
                return Exchange.Answer(new StatusNotificationResponse(),
                    Ocpp201Decisions.Status(state, OcppJson.Deserialize<StatusNotificationRequest>(call.Payload), receivedAt));
            case "Authorize":
            {
                var authorize = OcppJson.Deserialize<AuthorizeRequest>(call.Payload);
                return Exchange.Answer(new AuthorizeResponse(new IdTokenInfoType(await StatusOf(state, authorize.IdToken, receivedAt, cancellationToken))));
            }
            case "TransactionEvent":
            {
                var transaction = OcppJson.Deserialize<TransactionEventRequest>(call.Payload);
                AuthorizationStatusEnumType? status = transaction.IdToken is { } token ? await StatusOf(state, token, receivedAt, cancellationToken) : null;
                var facts = Ocpp201Decisions.TransactionEvent(state, transaction, status?.ToString(), receivedAt);
                var response = status is { } known ? new TransactionEventResponse(IdTokenInfo: new IdTokenInfoType(known)) : new TransactionEventResponse();
                return new Exchange(response, null, facts);
            }
            case "MeterValues":
                return Exchange.Answer(new MeterValuesResponse(),
                    Ocpp201Decisions.MeterValues(state, OcppJson.Deserialize<MeterValuesRequest>(call.Payload), receivedAt));
            case "DataTransfer":
                // No vendor extensions are implemented; the frame itself is kept as evidence.
                return Exchange.Answer(new DataTransferResponse(DataTransferStatusEnumType.UnknownVendorId));
            case "SecurityEventNotification":
            {
                var security = OcppJson.Deserialize<SecurityEventNotificationRequest>(call.Payload);
                logger.LogWarning("{ChargePoint} reported security event {Type}: {TechInfo}", state.Id, security.Type, security.TechInfo);
                return Exchange.Answer(new SecurityEventNotificationResponse());
            }
            case "NotifyEvent":
                return Exchange.Answer(new NotifyEventResponse());
            case "FirmwareStatusNotification":
                return Exchange.Answer(new FirmwareStatusNotificationResponse());
            case "LogStatusNotification":
                return Exchange.Answer(new LogStatusNotificationResponse());
            case "NotifyReport":
                return Exchange.Answer(new NotifyReportResponse());
            default:
                return Exchange.Fail(OcppError.NotSupported(call.Action));
        }
    }

    /// <summary>An unknown token is Unknown in 2.0.1 (1.6 says Invalid); NoAuthorization tokens need no answer from us and are Accepted.</summary>
    private async Task<AuthorizationStatusEnumType> StatusOf(ChargePoint state, IdTokenType idToken, Instant now, CancellationToken cancellationToken)
    {
        if (idToken.Type == IdTokenEnumType.NoAuthorization)
            return AuthorizationStatusEnumType.Accepted;
        await using var session = store.QuerySession();
        var token = await session.LoadAsync<KnownToken>(idToken.IdToken, cancellationToken);
        if (token is null && !state.WasRemotelyStartedFor(idToken.IdToken, now))
            return AuthorizationStatusEnumType.Unknown;
        return Enum.TryParse<AuthorizationStatusEnumType>(ChargerAuthorization.StatusOf(token, state, idToken.IdToken, now), out var status) ? status : AuthorizationStatusEnumType.Invalid;
    }
}
