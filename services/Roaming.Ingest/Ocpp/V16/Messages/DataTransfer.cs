using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>DataTransfer.req (either direction). <see cref="Data"/> is free text (often JSON inside a string).</summary>
public sealed record DataTransferRequest(
    [property: JsonPropertyName("vendorId")] string VendorId,
    [property: JsonPropertyName("messageId")] string? MessageId = null,
    [property: JsonPropertyName("data")] string? Data = null);

/// <summary>DataTransfer.conf.</summary>
public sealed record DataTransferResponse(
    [property: JsonPropertyName("status")] DataTransferStatus Status,
    [property: JsonPropertyName("data")] string? Data = null);

public enum DataTransferStatus
{
    Accepted,
    Rejected,
    UnknownMessageId,
    UnknownVendorId,
}
