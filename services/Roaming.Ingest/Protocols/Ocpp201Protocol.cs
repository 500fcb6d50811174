using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.Authorizing;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Connections;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Ocpp.V201.Messages;

namespace Roaming.Ingest.Protocols;

/// <summary>
/// OCPP 2.0.1 CALLs from a charging station. Authorization is answered from Ingest's local token copies, or for tokens
/// whose e-MSP requires it by asking the e-MSP in real time (<see cref="TokenAuthorizer"/>); the
/// decisions are in <see cref="Ocpp201Decisions"/>. Notifications without business facts (events, security events,
/// firmware and log status, reports) are answered and kept as frame evidence.
/// </summary>
public sealed class Ocpp201Protocol(TokenAuthorizer authorizer, IOptions<IngestLimits> limits, ILogger<Ocpp201Protocol> logger) : IChargePointProtocol
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
                var (status, authorized) = await Authorize(state, authorize.IdToken, receivedAt, null, realTime: true, cancellationToken);
                return Exchange.Answer(new AuthorizeResponse(new IdTokenInfoType(status)), authorized?.Facts ?? []);
            }
            case "TransactionEvent":
            {
                var transaction = OcppJson.Deserialize<TransactionEventRequest>(call.Payload);
                // A token is authorized when it first comes with a transaction; later events of it repeating the same token
                // keep that answer (an e-MSP is not asked again, and a running session is not refused after the fact).
                (AuthorizationStatusEnumType Status, AuthorizationOutcome? Outcome)? authorized = transaction.IdToken is not { } token ? null
                    : state.OpenTransactions.TryGetValue(transaction.TransactionInfo.TransactionId, out var open) && open.IdTag == token.IdToken
                        && Enum.TryParse<AuthorizationStatusEnumType>(open.AuthorizationStatus, out var kept)
                        ? (kept, new AuthorizationOutcome(new ChargerAnswer(kept.ToString(), open.AuthMethod ?? AuthorizationMethods.Whitelist,
                            open.AuthorizationReference), null, TokenKnown: true))
                        : await Authorize(state, token, receivedAt, transaction.ReservationId,
                            realTime: transaction.EventType != TransactionEventEnumType.Ended, cancellationToken);
                var answer = authorized is { } given ? (given.Outcome?.Answer ?? ChargerAnswer.Local(given.Status.ToString())) with { Status = given.Status.ToString() } : null;
                var facts = Ocpp201Decisions.TransactionEvent(state, transaction, receivedAt, answer);
                var response = authorized is { } known ? new TransactionEventResponse(IdTokenInfo: new IdTokenInfoType(known.Status)) : new TransactionEventResponse();
                return new Exchange(response, null, [.. authorized?.Outcome?.Facts ?? [], .. facts]);
            }
            case "ReservationStatusUpdate":
            {
                var update = Ocpp201Decisions.ReservationStatus(state, OcppJson.Deserialize<ReservationStatusUpdateRequest>(call.Payload), receivedAt);
                return update is null ? Exchange.Answer(new ReservationStatusUpdateResponse()) : Exchange.Answer(new ReservationStatusUpdateResponse(), update);
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

    /// <summary>
    /// An unknown token is Unknown in 2.0.1 (1.6 says Invalid); NoAuthorization tokens need no answer from us and are
    /// Accepted. The outcome is null when nothing was decided beyond the status (NoAuthorization).
    /// </summary>
    private async Task<(AuthorizationStatusEnumType, AuthorizationOutcome?)> Authorize(ChargePoint state, IdTokenType idToken, Instant now, int? reservationId,
        bool realTime, CancellationToken cancellationToken)
    {
        if (idToken.Type == IdTokenEnumType.NoAuthorization)
            return (AuthorizationStatusEnumType.Accepted, null);
        var outcome = await authorizer.Authorize(state, idToken.IdToken, now, reservationId, realTime, cancellationToken);
        if (!outcome.TokenKnown && outcome.Answer.AuthMethod == AuthorizationMethods.Whitelist)
            return (AuthorizationStatusEnumType.Unknown, outcome);
        return (Enum.TryParse<AuthorizationStatusEnumType>(outcome.Answer.Status, out var status) ? status : AuthorizationStatusEnumType.Invalid, outcome);
    }
}
