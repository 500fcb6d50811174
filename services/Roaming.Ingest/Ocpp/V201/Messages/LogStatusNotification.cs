// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>LogStatusNotificationRequest (charging station → CSMS).</summary>
public sealed record LogStatusNotificationRequest(
    [property: JsonPropertyName("status")] UploadLogStatusEnumType Status,
    [property: JsonPropertyName("requestId")] int? RequestId = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>LogStatusNotificationResponse.</summary>
public sealed record LogStatusNotificationResponse(
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>This contains the status of the log upload.</summary>
public enum UploadLogStatusEnumType
{
    BadMessage,
    Idle,
    NotSupportedOperation,
    PermissionDenied,
    Uploaded,
    UploadFailure,
    Uploading,
    AcceptedCanceled,
}
