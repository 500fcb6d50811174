// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>TriggerMessageRequest (CSMS → charging station).</summary>
public sealed record TriggerMessageRequest(
    [property: JsonPropertyName("requestedMessage")] MessageTriggerEnumType RequestedMessage,
    [property: JsonPropertyName("evse")] EVSEType? Evse = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>TriggerMessageResponse.</summary>
public sealed record TriggerMessageResponse(
    [property: JsonPropertyName("status")] TriggerMessageStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Type of message to be triggered.</summary>
public enum MessageTriggerEnumType
{
    BootNotification,
    LogStatusNotification,
    FirmwareStatusNotification,
    Heartbeat,
    MeterValues,
    SignChargingStationCertificate,
    SignV2GCertificate,
    StatusNotification,
    TransactionEvent,
    SignCombinedCertificate,
    PublishFirmwareStatusNotification,
}

/// <summary>Indicates whether the Charging Station will send the requested notification or not.</summary>
public enum TriggerMessageStatusEnumType
{
    Accepted,
    Rejected,
    NotImplemented,
}
