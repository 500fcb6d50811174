// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>BootNotificationRequest (charging station → CSMS).</summary>
public sealed record BootNotificationRequest(
    [property: JsonPropertyName("chargingStation")] ChargingStationType ChargingStation,
    [property: JsonPropertyName("reason")] BootReasonEnumType Reason,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>BootNotificationResponse.</summary>
public sealed record BootNotificationResponse(
    [property: JsonPropertyName("currentTime")] DateTimeOffset CurrentTime,
    [property: JsonPropertyName("interval")] int Interval,
    [property: JsonPropertyName("status")] RegistrationStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>The physical system where an Electrical Vehicle (EV) can be charged.</summary>
public sealed record ChargingStationType(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("vendorName")] string VendorName,
    [property: JsonPropertyName("serialNumber")] string? SerialNumber = null,
    [property: JsonPropertyName("modem")] ModemType? Modem = null,
    [property: JsonPropertyName("firmwareVersion")] string? FirmwareVersion = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Defines parameters required for initiating and maintaining wireless communication with other devices.</summary>
public sealed record ModemType(
    [property: JsonPropertyName("iccid")] string? Iccid = null,
    [property: JsonPropertyName("imsi")] string? Imsi = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>This contains the reason for sending this message to the CSMS.</summary>
public enum BootReasonEnumType
{
    ApplicationReset,
    FirmwareUpdate,
    LocalReset,
    PowerUp,
    RemoteReset,
    ScheduledReset,
    Triggered,
    Unknown,
    Watchdog,
}

/// <summary>within the CSMS.</summary>
public enum RegistrationStatusEnumType
{
    Accepted,
    Pending,
    Rejected,
}
