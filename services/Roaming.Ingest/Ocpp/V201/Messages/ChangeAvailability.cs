// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>ChangeAvailabilityRequest (CSMS → charging station).</summary>
public sealed record ChangeAvailabilityRequest(
    [property: JsonPropertyName("operationalStatus")] OperationalStatusEnumType OperationalStatus,
    [property: JsonPropertyName("evse")] EVSEType? Evse = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>ChangeAvailabilityResponse.</summary>
public sealed record ChangeAvailabilityResponse(
    [property: JsonPropertyName("status")] ChangeAvailabilityStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>This indicates whether the Charging Station is able to perform the availability change.</summary>
public enum ChangeAvailabilityStatusEnumType
{
    Accepted,
    Rejected,
    Scheduled,
}

/// <summary>This contains the type of availability change that the Charging Station should perform.</summary>
public enum OperationalStatusEnumType
{
    Inoperative,
    Operative,
}
