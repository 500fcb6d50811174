using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>RemoteStopTransaction.req (CSMS → charge point).</summary>
public sealed record RemoteStopTransactionRequest(
    [property: JsonPropertyName("transactionId")] int TransactionId);

/// <summary>RemoteStopTransaction.conf.</summary>
public sealed record RemoteStopTransactionResponse(
    [property: JsonPropertyName("status")] RemoteStartStopStatus Status);
