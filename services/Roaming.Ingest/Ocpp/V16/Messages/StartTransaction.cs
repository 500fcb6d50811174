using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>
/// StartTransaction.req. <see cref="MeterStart"/> is the energy register in Wh (an integer on the wire; <c>long</c>
/// here so that a wrapped or odd register never fails deserialization).
/// </summary>
public sealed record StartTransactionRequest(
    [property: JsonPropertyName("connectorId")] int ConnectorId,
    [property: JsonPropertyName("idTag")] string IdTag,
    [property: JsonPropertyName("meterStart")] long MeterStart,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("reservationId")] int? ReservationId = null);

/// <summary>StartTransaction.conf. The CSMS assigns <see cref="TransactionId"/>, also when it refuses the idTag.</summary>
public sealed record StartTransactionResponse(
    [property: JsonPropertyName("idTagInfo")] IdTagInfo IdTagInfo,
    [property: JsonPropertyName("transactionId")] int TransactionId);
