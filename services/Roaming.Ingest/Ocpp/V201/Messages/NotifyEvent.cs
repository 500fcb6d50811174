// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>NotifyEventRequest (charging station → CSMS).</summary>
public sealed record NotifyEventRequest(
    [property: JsonPropertyName("generatedAt")] DateTimeOffset GeneratedAt,
    [property: JsonPropertyName("seqNo")] int SeqNo,
    [property: JsonPropertyName("eventData")] IReadOnlyList<EventDataType> EventData,
    [property: JsonPropertyName("tbc")] bool? Tbc = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>NotifyEventResponse.</summary>
public sealed record NotifyEventResponse(
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Class to report an event notification for a component-variable.</summary>
public sealed record EventDataType(
    [property: JsonPropertyName("eventId")] int EventId,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("trigger")] EventTriggerEnumType Trigger,
    [property: JsonPropertyName("actualValue")] string ActualValue,
    [property: JsonPropertyName("component")] ComponentType Component,
    [property: JsonPropertyName("eventNotificationType")] EventNotificationEnumType EventNotificationType,
    [property: JsonPropertyName("variable")] VariableType Variable,
    [property: JsonPropertyName("cause")] int? Cause = null,
    [property: JsonPropertyName("techCode")] string? TechCode = null,
    [property: JsonPropertyName("techInfo")] string? TechInfo = null,
    [property: JsonPropertyName("cleared")] bool? Cleared = null,
    [property: JsonPropertyName("transactionId")] string? TransactionId = null,
    [property: JsonPropertyName("variableMonitoringId")] int? VariableMonitoringId = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Specifies the event notification type of the message.</summary>
public enum EventNotificationEnumType
{
    HardWiredNotification,
    HardWiredMonitor,
    PreconfiguredMonitor,
    CustomMonitor,
}

/// <summary>Type of monitor that triggered this event, e.g. exceeding a threshold value.</summary>
public enum EventTriggerEnumType
{
    Alerting,
    Delta,
    Periodic,
}
