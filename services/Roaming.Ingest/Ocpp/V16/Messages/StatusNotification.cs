using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>StatusNotification.req. Connector 0 is the charge point as a whole.</summary>
public sealed record StatusNotificationRequest(
    [property: JsonPropertyName("connectorId")] int ConnectorId,
    [property: JsonPropertyName("errorCode")] ChargePointErrorCode ErrorCode,
    [property: JsonPropertyName("status")] ChargePointStatus Status,
    [property: JsonPropertyName("info")] string? Info = null,
    [property: JsonPropertyName("timestamp")] DateTimeOffset? Timestamp = null,
    [property: JsonPropertyName("vendorId")] string? VendorId = null,
    [property: JsonPropertyName("vendorErrorCode")] string? VendorErrorCode = null);

/// <summary>StatusNotification.conf: <c>{}</c>.</summary>
public sealed record StatusNotificationResponse;

public enum ChargePointErrorCode
{
    ConnectorLockFailure,
    EVCommunicationError,
    GroundFailure,
    HighTemperature,
    InternalError,
    LocalListConflict,
    NoError,
    OtherError,
    OverCurrentFailure,
    PowerMeterFailure,
    PowerSwitchFailure,
    ReaderFailure,
    ResetFailure,
    UnderVoltage,
    OverVoltage,
    WeakSignal,
}

public enum ChargePointStatus
{
    Available,
    Preparing,
    Charging,
    SuspendedEVSE,
    SuspendedEV,
    Finishing,
    Reserved,
    Unavailable,
    Faulted,
}
