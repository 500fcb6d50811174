// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>SetVariablesRequest (CSMS → charging station).</summary>
public sealed record SetVariablesRequest(
    [property: JsonPropertyName("setVariableData")] IReadOnlyList<SetVariableDataType> SetVariableData,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>SetVariablesResponse.</summary>
public sealed record SetVariablesResponse(
    [property: JsonPropertyName("setVariableResult")] IReadOnlyList<SetVariableResultType> SetVariableResult,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

public sealed record SetVariableDataType(
    [property: JsonPropertyName("attributeValue")] string AttributeValue,
    [property: JsonPropertyName("component")] ComponentType Component,
    [property: JsonPropertyName("variable")] VariableType Variable,
    [property: JsonPropertyName("attributeType")] AttributeEnumType? AttributeType = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

public sealed record SetVariableResultType(
    [property: JsonPropertyName("attributeStatus")] SetVariableStatusEnumType AttributeStatus,
    [property: JsonPropertyName("component")] ComponentType Component,
    [property: JsonPropertyName("variable")] VariableType Variable,
    [property: JsonPropertyName("attributeType")] AttributeEnumType? AttributeType = null,
    [property: JsonPropertyName("attributeStatusInfo")] StatusInfoType? AttributeStatusInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Result status of setting the variable.</summary>
public enum SetVariableStatusEnumType
{
    Accepted,
    Rejected,
    UnknownComponent,
    UnknownVariable,
    NotSupportedAttributeType,
    RebootRequired,
}
