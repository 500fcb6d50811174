using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>BootNotification.req (charge point → CSMS), sent after (re)boot.</summary>
public sealed record BootNotificationRequest(
    [property: JsonPropertyName("chargePointVendor")] string ChargePointVendor,
    [property: JsonPropertyName("chargePointModel")] string ChargePointModel,
    [property: JsonPropertyName("chargePointSerialNumber")] string? ChargePointSerialNumber = null,
    [property: JsonPropertyName("chargeBoxSerialNumber")] string? ChargeBoxSerialNumber = null,
    [property: JsonPropertyName("firmwareVersion")] string? FirmwareVersion = null,
    [property: JsonPropertyName("iccid")] string? Iccid = null,
    [property: JsonPropertyName("imsi")] string? Imsi = null,
    [property: JsonPropertyName("meterType")] string? MeterType = null,
    [property: JsonPropertyName("meterSerialNumber")] string? MeterSerialNumber = null);

/// <summary>BootNotification.conf. <see cref="Interval"/>: heartbeat interval (s) when accepted, retry interval otherwise.</summary>
public sealed record BootNotificationResponse(
    [property: JsonPropertyName("status")] RegistrationStatus Status,
    [property: JsonPropertyName("currentTime")] DateTimeOffset CurrentTime,
    [property: JsonPropertyName("interval")] int Interval);

public enum RegistrationStatus
{
    Accepted,
    Pending,
    Rejected,
}
