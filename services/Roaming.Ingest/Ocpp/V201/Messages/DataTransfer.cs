// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>DataTransferRequest (charging station → CSMS).</summary>
public sealed record DataTransferRequest(
    [property: JsonPropertyName("vendorId")] string VendorId,
    [property: JsonPropertyName("messageId")] string? MessageId = null,
    [property: JsonPropertyName("data")] JsonElement? Data = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>DataTransferResponse.</summary>
public sealed record DataTransferResponse(
    [property: JsonPropertyName("status")] DataTransferStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("data")] JsonElement? Data = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>This indicates the success or failure of the data transfer.</summary>
public enum DataTransferStatusEnumType
{
    Accepted,
    Rejected,
    UnknownMessageId,
    UnknownVendorId,
}
