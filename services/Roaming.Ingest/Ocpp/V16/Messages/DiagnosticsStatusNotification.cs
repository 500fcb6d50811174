using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>DiagnosticsStatusNotification.req.</summary>
public sealed record DiagnosticsStatusNotificationRequest(
    [property: JsonPropertyName("status")] DiagnosticsStatus Status);

/// <summary>DiagnosticsStatusNotification.conf: <c>{}</c>.</summary>
public sealed record DiagnosticsStatusNotificationResponse;

public enum DiagnosticsStatus
{
    Idle,
    Uploaded,
    UploadFailed,
    Uploading,
}
