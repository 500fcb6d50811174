// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>GetVariablesRequest (CSMS → charging station).</summary>
public sealed record GetVariablesRequest(
    [property: JsonPropertyName("getVariableData")] IReadOnlyList<GetVariableDataType> GetVariableData,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>GetVariablesResponse.</summary>
public sealed record GetVariablesResponse(
    [property: JsonPropertyName("getVariableResult")] IReadOnlyList<GetVariableResultType> GetVariableResult,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Class to hold parameters for GetVariables request.</summary>
public sealed record GetVariableDataType(
    [property: JsonPropertyName("component")] ComponentType Component,
    [property: JsonPropertyName("variable")] VariableType Variable,
    [property: JsonPropertyName("attributeType")] AttributeEnumType? AttributeType = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Class to hold results of GetVariables request.</summary>
public sealed record GetVariableResultType(
    [property: JsonPropertyName("attributeStatus")] GetVariableStatusEnumType AttributeStatus,
    [property: JsonPropertyName("component")] ComponentType Component,
    [property: JsonPropertyName("variable")] VariableType Variable,
    [property: JsonPropertyName("attributeStatusInfo")] StatusInfoType? AttributeStatusInfo = null,
    [property: JsonPropertyName("attributeType")] AttributeEnumType? AttributeType = null,
    [property: JsonPropertyName("attributeValue")] string? AttributeValue = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Result status of getting the variable.</summary>
public enum GetVariableStatusEnumType
{
    Accepted,
    Rejected,
    UnknownComponent,
    UnknownVariable,
    NotSupportedAttributeType,
}
