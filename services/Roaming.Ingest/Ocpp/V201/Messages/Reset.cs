// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>ResetRequest (CSMS → charging station).</summary>
public sealed record ResetRequest(
    [property: JsonPropertyName("type")] ResetEnumType Type,
    [property: JsonPropertyName("evseId")] int? EvseId = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>ResetResponse.</summary>
public sealed record ResetResponse(
    [property: JsonPropertyName("status")] ResetStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>This contains the type of reset that the Charging Station or EVSE should perform.</summary>
public enum ResetEnumType
{
    Immediate,
    OnIdle,
}

/// <summary>This indicates whether the Charging Station is able to perform the reset.</summary>
public enum ResetStatusEnumType
{
    Accepted,
    Rejected,
    Scheduled,
}
