using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>TriggerMessage.req (CSMS → charge point): ask for a message now.</summary>
public sealed record TriggerMessageRequest(
    [property: JsonPropertyName("requestedMessage")] MessageTrigger RequestedMessage,
    [property: JsonPropertyName("connectorId")] int? ConnectorId = null);

/// <summary>TriggerMessage.conf.</summary>
public sealed record TriggerMessageResponse(
    [property: JsonPropertyName("status")] TriggerMessageStatus Status);

public enum MessageTrigger
{
    BootNotification,
    DiagnosticsStatusNotification,
    FirmwareStatusNotification,
    Heartbeat,
    MeterValues,
    StatusNotification,
}

public enum TriggerMessageStatus
{
    Accepted,
    Rejected,
    NotImplemented,
}
