using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>
/// StopTransaction.req. <see cref="MeterStop"/> in Wh. <see cref="IdTag"/> is absent when the stop was not caused by a
/// card (unplug, remote); <see cref="TransactionId"/> may be -1 (errata 3.18). <see cref="TransactionData"/> carries the
/// StopTxnSampledData/StopTxnAlignedData samples.
/// </summary>
public sealed record StopTransactionRequest(
    [property: JsonPropertyName("transactionId")] int TransactionId,
    [property: JsonPropertyName("meterStop")] long MeterStop,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("idTag")] string? IdTag = null,
    [property: JsonPropertyName("reason")] Reason? Reason = null,
    [property: JsonPropertyName("transactionData")] IReadOnlyList<MeterValue>? TransactionData = null);

/// <summary>StopTransaction.conf.</summary>
public sealed record StopTransactionResponse(
    [property: JsonPropertyName("idTagInfo")] IdTagInfo? IdTagInfo = null);

/// <summary>Reason a transaction stopped (spec default when absent: <see cref="Local"/>).</summary>
public enum Reason
{
    EmergencyStop,
    EVDisconnected,
    HardReset,
    Local,
    Other,
    PowerLoss,
    Reboot,
    Remote,
    SoftReset,
    UnlockCommand,
    DeAuthorized,
}
