// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>FirmwareStatusNotificationRequest (charging station → CSMS).</summary>
public sealed record FirmwareStatusNotificationRequest(
    [property: JsonPropertyName("status")] FirmwareStatusEnumType Status,
    [property: JsonPropertyName("requestId")] int? RequestId = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>FirmwareStatusNotificationResponse.</summary>
public sealed record FirmwareStatusNotificationResponse(
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>This contains the progress status of the firmware installation.</summary>
public enum FirmwareStatusEnumType
{
    Downloaded,
    DownloadFailed,
    Downloading,
    DownloadScheduled,
    DownloadPaused,
    Idle,
    InstallationFailed,
    Installing,
    Installed,
    InstallRebooting,
    InstallScheduled,
    InstallVerificationFailed,
    InvalidSignature,
    SignatureVerified,
}
