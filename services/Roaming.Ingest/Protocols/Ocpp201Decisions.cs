using NodaTime;
using Roaming.Ingest.Authorizing;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Ocpp.V201.Messages;
using Roaming.Ingest.Transactions;

namespace Roaming.Ingest.Protocols;

/// <summary>
/// Pure OCPP 2.0.1 decisions over a charger's state: no I/O, no clock. The station assigns transaction ids; a
/// TransactionEvent is identified by (station, transactionId, seqNo), so a re-sent event (new message id, same seqNo)
/// is answered but yields no second fact, and a late event that fills a seqNo gap is still applied.
/// The facts are the ones 1.6 produces, with 1.6 status names, so downstream services cannot tell the versions apart.
/// </summary>
public static class Ocpp201Decisions
{
    public const string Version = "2.0.1";

    /// <summary>What a transaction is announced with when it ends (or is swept) without any idToken ever presented.</summary>
    public const string NoTokenPresented = "NoTokenPresented";

    public static ChargePointBooted Boot(ChargePoint state, BootNotificationRequest request, Instant receivedAt) =>
        new(state.Id, Version, request.ChargingStation.VendorName, request.ChargingStation.Model,
            request.ChargingStation.SerialNumber, request.ChargingStation.FirmwareVersion, receivedAt);

    /// <summary>
    /// connectorStatus (Available, Occupied, Reserved, Unavailable, Faulted) says whether a cable is in, not whether
    /// energy flows: charging versus parking comes from TransactionEvent's chargingState (see <see cref="TransactionEvent"/>).
    /// </summary>
    public static ConnectorStatusReported Status(ChargePoint state, StatusNotificationRequest request, Instant receivedAt) =>
        new(state.Id, request.EvseId, request.ConnectorId,
            request.EvseId == 0 ? null : state.FindConnector(request.EvseId, request.ConnectorId),
            request.ConnectorStatus.ToString(), ErrorCode: null, state.OpenOn(request.EvseId, request.ConnectorId)?.TransactionId,
            Instant.FromDateTimeOffset(request.Timestamp), receivedAt);

    /// <summary>MeterValues outside TransactionEvent: attributed to the transaction open on that EVSE (evseId 0 is the main meter).</summary>
    /// <summary>ReservationStatusUpdate: a reservation we made expired or was removed at the station.</summary>
    public static object? ReservationStatus(ChargePoint state, ReservationStatusUpdateRequest request, Instant receivedAt) =>
        state.Reservations.Any(r => r.ReservationId == request.ReservationId)
            ? new Reservations.ReservationEnded(state.Id, request.ReservationId, request.ReservationUpdateStatus.ToString(), receivedAt)
            : null;

    public static MeterValuesSampled MeterValues(ChargePoint state, MeterValuesRequest request, Instant receivedAt)
    {
        var open = request.EvseId == 0 ? null : state.OpenTransactions.Values.FirstOrDefault(t => t.OcppEvseId == request.EvseId);
        return new MeterValuesSampled(state.Id, open?.TransactionId, request.EvseId, open?.OcppConnectorId ?? 0,
            MeterSamples.From(MeterValueNormalizer.Normalize(request.MeterValue)), receivedAt, SeqNo: null);
    }

    /// <summary>
    /// 2.0.1 chargingState in 1.6 status words, which is what Charging splits charging from parking time by.
    /// EVConnected and Idle before any charging are 1.6 Preparing; after charging they are Finishing (the EV is parked).
    /// </summary>
    public static string ChargingStatusOf(ChargingStateEnumType chargingState, bool hasCharged) => chargingState switch
    {
        ChargingStateEnumType.Charging => "Charging",
        ChargingStateEnumType.SuspendedEV => "SuspendedEV",
        ChargingStateEnumType.SuspendedEVSE => "SuspendedEVSE",
        _ => hasCharged ? "Finishing" : "Preparing",
    };

    /// <param name="authorizationStatus">The local authorization of <c>request.idToken</c>, when it has one.</param>
    public static IReadOnlyList<object> TransactionEvent(ChargePoint state, TransactionEventRequest request, string? authorizationStatus, Instant receivedAt) =>
        TransactionEvent(state, request, receivedAt, authorizationStatus is null ? null : ChargerAnswer.Local(authorizationStatus));

    /// <param name="answer">The authorization of <c>request.idToken</c> and how it was made, when it has one.</param>
    public static IReadOnlyList<object> TransactionEvent(ChargePoint state, TransactionEventRequest request, Instant receivedAt, ChargerAnswer? answer)
    {
        var authorizationStatus = answer?.Status;
        var transactionId = request.TransactionInfo.TransactionId;
        // After its end: a re-sent Ended, a late Updated, or the real end of a transaction the sweep already closed.
        // Answered and kept as a frame, never stopped twice.
        if (state.HasStopped(transactionId))
            return [];
        var open = state.OpenTransactions.GetValueOrDefault(transactionId);
        if (open is not null && open.HasSeen(request.SeqNo))
            return [];

        var reportedAt = Instant.FromDateTimeOffset(request.Timestamp);
        var samples = MeterSamples.From(MeterValueNormalizer.Normalize(request.MeterValue));
        var reading = new MeterValuesSampled(state.Id, transactionId, 0, 0, samples, receivedAt, request.SeqNo);
        var facts = new List<object>();
        var current = state;

        void Add(object fact)
        {
            facts.Add(fact);
            current = ChargePoint.Fold(current, fact);
        }

        if (open is null && request.EventType == TransactionEventEnumType.Ended)
        {
            // Ended for a transaction never seen here (its Started was lost): recorded as an orphan, like a 1.6 stop.
            var (evse, connector) = EvseOf(state, request);
            if (samples.Count > 0)
                Add(reading with { OcppEvseId = evse, OcppConnectorId = connector });
            Add(new TransactionStopped(state.Id, transactionId, reading.LastEnergyRegisterWh ?? 0, request.TransactionInfo.StoppedReason?.ToString(),
                TokenOf(request.IdToken), reportedAt, receivedAt, MeterWentBackwards: false, Orphan: true, ClosedBySweep: false));
            return facts;
        }

        if (open is null)
        {
            // Started, or an Updated whose Started never came (lost, or replayed out of order): the transaction begins here.
            var (evse, connector) = EvseOf(state, request);
            var offline = request.Offline == true || receivedAt - reportedAt > Ocpp16Decisions.OfflineThreshold;
            var meterStart = reading.FirstEnergyRegisterWh;
            var idTag = TokenOf(request.IdToken);
            if (idTag is not null && meterStart is not null)
                Add(new TransactionStarted(state.Id, transactionId, Version, evse, connector, state.FindConnector(evse, connector), idTag,
                    meterStart.Value, authorizationStatus ?? "Invalid", reportedAt, receivedAt, offline, StartKey: null, request.SeqNo,
                    answer?.AuthMethod, answer?.AuthorizationReference, request.ReservationId));
            else
                Add(new TransactionBegan(state.Id, transactionId, evse, connector, state.FindConnector(evse, connector), idTag,
                    idTag is null ? null : authorizationStatus ?? "Invalid", meterStart, reportedAt, receivedAt, offline, request.SeqNo,
                    idTag is null ? null : answer?.AuthMethod, idTag is null ? null : answer?.AuthorizationReference, request.ReservationId));
        }
        else if (TokenOf(request.IdToken) is { } token && open.IdTag != token)
        {
            Add(new TransactionTokenPresented(state.Id, transactionId, token, authorizationStatus ?? "Invalid", reportedAt, receivedAt, request.SeqNo,
                answer?.AuthMethod, answer?.AuthorizationReference));
        }

        var transaction = current.OpenTransactions[transactionId];
        var ending = request.EventType == TransactionEventEnumType.Ended;
        if (!transaction.Announced && (ending || transaction is { IdTag: not null } && (transaction.MeterStartKnown || reading.FirstEnergyRegisterWh is not null)))
            Add(Announcement(current, transaction, transaction.MeterStartKnown ? transaction.MeterStartWh : reading.FirstEnergyRegisterWh ?? transaction.LastMeterWh,
                receivedAt, request.SeqNo));
        transaction = current.OpenTransactions[transactionId];

        if (samples.Count > 0)
            Add(reading with { OcppEvseId = transaction.OcppEvseId, OcppConnectorId = transaction.OcppConnectorId });

        if (ending)
        {
            transaction = current.OpenTransactions[transactionId];
            var meterStop = reading.LastEnergyRegisterWh ?? transaction.LastMeterWh;
            Add(new TransactionStopped(state.Id, transactionId, meterStop, request.TransactionInfo.StoppedReason?.ToString(),
                TokenOf(request.IdToken) ?? transaction.IdTag, reportedAt, receivedAt,
                MeterWentBackwards: meterStop < transaction.MeterStartWh, Orphan: false, ClosedBySweep: false));
            return facts;
        }

        if (request.TransactionInfo.ChargingState is { } chargingState)
        {
            transaction = current.OpenTransactions[transactionId];
            var status = ChargingStatusOf(chargingState, transaction.ChargingStatus is not null and not "Preparing");
            if (status != transaction.ChargingStatus)
                Add(new ConnectorStatusReported(state.Id, transaction.OcppEvseId, transaction.OcppConnectorId,
                    current.FindConnector(transaction.OcppEvseId, transaction.OcppConnectorId), status, ErrorCode: null, transactionId,
                    reportedAt, receivedAt, request.SeqNo));
        }
        return facts;
    }

    /// <summary>
    /// Tells the other services about a transaction that began unannounced: at its start time and start reading, with
    /// the token if one came (else <see cref="NoTokenPresented"/>: the station let it charge without one).
    /// </summary>
    public static TransactionStarted Announcement(ChargePoint state, OpenTransaction transaction, decimal meterStartWh, Instant receivedAt, int? seqNo) =>
        new(state.Id, transaction.TransactionId, Version, transaction.OcppEvseId, transaction.OcppConnectorId,
            state.FindConnector(transaction.OcppEvseId, transaction.OcppConnectorId), transaction.IdTag, meterStartWh,
            transaction.AuthorizationStatus ?? NoTokenPresented, transaction.StartedAt, receivedAt, transaction.Offline, StartKey: null, seqNo,
            transaction.AuthMethod, transaction.AuthorizationReference, transaction.ReservationId);

    /// <summary>The idToken as the idTag the other services know; type NoAuthorization (free charging) carries none.</summary>
    public static string? TokenOf(IdTokenType? token) => token is null || token.Type == IdTokenEnumType.NoAuthorization ? null : token.IdToken;

    private static (int Evse, int Connector) EvseOf(ChargePoint state, TransactionEventRequest request) =>
        request.Evse is { } evse ? (evse.Id, evse.ConnectorId ?? 1)
        : state.Connectors.Count == 1 ? (state.Connectors[0].OcppEvseId, state.Connectors[0].OcppConnectorId)
        : (0, 0);
}
