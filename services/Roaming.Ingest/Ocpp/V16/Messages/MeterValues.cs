using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>MeterValues.req. <see cref="TransactionId"/> is set for samples taken during a transaction.</summary>
public sealed record MeterValuesRequest(
    [property: JsonPropertyName("connectorId")] int ConnectorId,
    [property: JsonPropertyName("meterValue")] IReadOnlyList<MeterValue> MeterValue,
    [property: JsonPropertyName("transactionId")] int? TransactionId = null);

/// <summary>MeterValues.conf: <c>{}</c>.</summary>
public sealed record MeterValuesResponse;
