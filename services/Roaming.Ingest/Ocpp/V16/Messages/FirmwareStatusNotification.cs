using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>FirmwareStatusNotification.req.</summary>
public sealed record FirmwareStatusNotificationRequest(
    [property: JsonPropertyName("status")] FirmwareStatus Status);

/// <summary>FirmwareStatusNotification.conf: <c>{}</c>.</summary>
public sealed record FirmwareStatusNotificationResponse;

public enum FirmwareStatus
{
    Downloaded,
    DownloadFailed,
    Downloading,
    Idle,
    InstallationFailed,
    Installing,
    Installed,
}
