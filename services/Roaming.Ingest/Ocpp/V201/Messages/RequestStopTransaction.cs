// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>RequestStopTransactionRequest (CSMS → charging station).</summary>
public sealed record RequestStopTransactionRequest(
    [property: JsonPropertyName("transactionId")] string TransactionId,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>RequestStopTransactionResponse.</summary>
public sealed record RequestStopTransactionResponse(
    [property: JsonPropertyName("status")] RequestStartStopStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);
