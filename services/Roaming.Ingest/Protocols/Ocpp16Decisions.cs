using NodaTime;
using Roaming.Ingest.Authorizing;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Ocpp.V16.Messages;
using Roaming.Ingest.Transactions;

namespace Roaming.Ingest.Protocols;

/// <summary>
/// Pure OCPP 1.6 decisions over a charger's state: no I/O, no clock. Retries come with new message ids, so
/// duplicates are recognised by business keys (reference/ocpp.md 2.3), never by message id.
/// </summary>
public static class Ocpp16Decisions
{
    public const string Version = "1.6";

    public static string StartKey(StartTransactionRequest request) =>
        $"{request.ConnectorId}|{request.IdTag}|{Instant.FromDateTimeOffset(request.Timestamp)}|{request.MeterStart}";

    /// <summary>
    /// Assigns the next transaction id, or returns the id already given to the same start (a retry). Every start gets an
    /// id, even with an invalid idTag: the charger then stops it itself (StopTransactionOnInvalidId).
    /// </summary>
    public static (int TransactionId, TransactionStarted? Fact) Start(ChargePoint state, StartTransactionRequest request, string authorizationStatus, Instant receivedAt) =>
        Start(state, request, ChargerAnswer.Local(authorizationStatus), receivedAt);

    /// <param name="answer">The authorization of the idTag, with how it was made (kept on the session and CDR).</param>
    public static (int TransactionId, TransactionStarted? Fact) Start(ChargePoint state, StartTransactionRequest request, ChargerAnswer answer, Instant receivedAt)
    {
        var key = StartKey(request);
        if (state.TransactionIdForStart(key) is { } existing)
            return (int.Parse(existing, System.Globalization.CultureInfo.InvariantCulture), null);

        var transactionId = state.LastTransactionNumber + 1;
        var reportedAt = Instant.FromDateTimeOffset(request.Timestamp);
        return (transactionId, new TransactionStarted(
            state.Id, transactionId.ToString(System.Globalization.CultureInfo.InvariantCulture), Version,
            request.ConnectorId, request.ConnectorId, state.FindConnector16(request.ConnectorId), request.IdTag,
            request.MeterStart, answer.Status, reportedAt, receivedAt,
            Offline: receivedAt - reportedAt > OfflineThreshold, key, SeqNo: null, answer.AuthMethod, answer.AuthorizationReference, request.ReservationId));
    }

    /// <summary>A reported time this far behind ours means the message was queued while offline.</summary>
    public static readonly Duration OfflineThreshold = Duration.FromMinutes(5);

    public static IReadOnlyList<object> Stop(ChargePoint state, StopTransactionRequest request, Instant receivedAt)
    {
        var transactionId = request.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (state.HasStopped(transactionId))
            return []; // a re-sent stop: answered again, recorded as a frame, not stopped twice

        var facts = new List<object>();
        var open = state.OpenTransactions.GetValueOrDefault(transactionId);
        if (request.TransactionData is { Count: > 0 } data)
            facts.Add(new MeterValuesSampled(state.Id, transactionId, open?.OcppEvseId ?? 0, open?.OcppConnectorId ?? 0,
                MeterSamples.From(MeterValueNormalizer.Normalize(data)), receivedAt, null));
        facts.Add(new TransactionStopped(state.Id, transactionId, request.MeterStop, request.Reason?.ToString(), request.IdTag,
            Instant.FromDateTimeOffset(request.Timestamp), receivedAt,
            MeterWentBackwards: open is not null && request.MeterStop < open.MeterStartWh,
            Orphan: open is null, ClosedBySweep: false));
        return facts;
    }

    public static MeterValuesSampled MeterValues(ChargePoint state, MeterValuesRequest request, Instant receivedAt)
    {
        // transactionId -1 (errata 3.18) or none: attribute to the transaction open on that connector, if any.
        var transactionId = request.TransactionId is > 0
            ? request.TransactionId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : state.OpenOn(request.ConnectorId, request.ConnectorId)?.TransactionId
              ?? state.OpenTransactions.Values.FirstOrDefault(t => t.OcppConnectorId == request.ConnectorId)?.TransactionId;
        return new MeterValuesSampled(state.Id, transactionId, request.ConnectorId, request.ConnectorId,
            MeterSamples.From(MeterValueNormalizer.Normalize(request.MeterValue)), receivedAt, null);
    }

    public static ConnectorStatusReported Status(ChargePoint state, StatusNotificationRequest request, Instant receivedAt)
    {
        var open = state.OpenTransactions.Values.FirstOrDefault(t => t.OcppConnectorId == request.ConnectorId);
        return new ConnectorStatusReported(state.Id, request.ConnectorId, request.ConnectorId,
            request.ConnectorId == 0 ? null : state.FindConnector16(request.ConnectorId), request.Status.ToString(),
            request.ErrorCode.ToString(), open?.TransactionId,
            request.Timestamp is { } reported ? Instant.FromDateTimeOffset(reported) : receivedAt, receivedAt);
    }
}
