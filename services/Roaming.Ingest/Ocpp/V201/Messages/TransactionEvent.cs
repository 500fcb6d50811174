// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>TransactionEventRequest (charging station → CSMS).</summary>
public sealed record TransactionEventRequest(
    [property: JsonPropertyName("eventType")] TransactionEventEnumType EventType,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("triggerReason")] TriggerReasonEnumType TriggerReason,
    [property: JsonPropertyName("seqNo")] int SeqNo,
    [property: JsonPropertyName("transactionInfo")] TransactionType TransactionInfo,
    [property: JsonPropertyName("meterValue")] IReadOnlyList<MeterValueType>? MeterValue = null,
    [property: JsonPropertyName("offline")] bool? Offline = null,
    [property: JsonPropertyName("numberOfPhasesUsed")] int? NumberOfPhasesUsed = null,
    [property: JsonPropertyName("cableMaxCurrent")] int? CableMaxCurrent = null,
    [property: JsonPropertyName("reservationId")] int? ReservationId = null,
    [property: JsonPropertyName("evse")] EVSEType? Evse = null,
    [property: JsonPropertyName("idToken")] IdTokenType? IdToken = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>TransactionEventResponse.</summary>
public sealed record TransactionEventResponse(
    [property: JsonPropertyName("totalCost")] decimal? TotalCost = null,
    [property: JsonPropertyName("chargingPriority")] int? ChargingPriority = null,
    [property: JsonPropertyName("idTokenInfo")] IdTokenInfoType? IdTokenInfo = null,
    [property: JsonPropertyName("updatedPersonalMessage")] MessageContentType? UpdatedPersonalMessage = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Transaction</summary>
public sealed record TransactionType(
    [property: JsonPropertyName("transactionId")] string TransactionId,
    [property: JsonPropertyName("chargingState")] ChargingStateEnumType? ChargingState = null,
    [property: JsonPropertyName("timeSpentCharging")] int? TimeSpentCharging = null,
    [property: JsonPropertyName("stoppedReason")] ReasonEnumType? StoppedReason = null,
    [property: JsonPropertyName("remoteStartId")] int? RemoteStartId = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Current charging state, is required when state has changed.</summary>
public enum ChargingStateEnumType
{
    Charging,
    EVConnected,
    SuspendedEV,
    SuspendedEVSE,
    Idle,
}

/// <summary>This contains the reason why the transaction was stopped. MAY only be omitted when Reason is "Local".</summary>
public enum ReasonEnumType
{
    DeAuthorized,
    EmergencyStop,
    EnergyLimitReached,
    EVDisconnected,
    GroundFault,
    ImmediateReset,
    Local,
    LocalOutOfCredit,
    MasterPass,
    Other,
    OvercurrentFault,
    PowerLoss,
    PowerQuality,
    Reboot,
    Remote,
    SOCLimitReached,
    StoppedByEV,
    TimeLimitReached,
    Timeout,
}

/// <summary>The first TransactionEvent of a transaction SHALL contain: "Started" The last TransactionEvent of a transaction SHALL contain: "Ended" All others SHALL contain: "Updated"</summary>
public enum TransactionEventEnumType
{
    Ended,
    Started,
    Updated,
}

/// <summary>Reason the Charging Station sends this message to the CSMS</summary>
public enum TriggerReasonEnumType
{
    Authorized,
    CablePluggedIn,
    ChargingRateChanged,
    ChargingStateChanged,
    Deauthorized,
    EnergyLimitReached,
    EVCommunicationLost,
    EVConnectTimeout,
    MeterValueClock,
    MeterValuePeriodic,
    TimeLimitReached,
    Trigger,
    UnlockCommand,
    StopAuthorized,
    EVDeparted,
    EVDetected,
    RemoteStop,
    RemoteStart,
    AbnormalCondition,
    SignedDataReceived,
    ResetCommand,
}
