// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>NotifyReportRequest (charging station → CSMS).</summary>
public sealed record NotifyReportRequest(
    [property: JsonPropertyName("requestId")] int RequestId,
    [property: JsonPropertyName("generatedAt")] DateTimeOffset GeneratedAt,
    [property: JsonPropertyName("seqNo")] int SeqNo,
    [property: JsonPropertyName("reportData")] IReadOnlyList<ReportDataType>? ReportData = null,
    [property: JsonPropertyName("tbc")] bool? Tbc = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>NotifyReportResponse.</summary>
public sealed record NotifyReportResponse(
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Class to report components, variables and variable attributes and characteristics.</summary>
public sealed record ReportDataType(
    [property: JsonPropertyName("component")] ComponentType Component,
    [property: JsonPropertyName("variable")] VariableType Variable,
    [property: JsonPropertyName("variableAttribute")] IReadOnlyList<VariableAttributeType> VariableAttribute,
    [property: JsonPropertyName("variableCharacteristics")] VariableCharacteristicsType? VariableCharacteristics = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Attribute data of a variable.</summary>
public sealed record VariableAttributeType(
    [property: JsonPropertyName("type")] AttributeEnumType? Type = null,
    [property: JsonPropertyName("value")] string? Value = null,
    [property: JsonPropertyName("mutability")] MutabilityEnumType? Mutability = null,
    [property: JsonPropertyName("persistent")] bool? Persistent = null,
    [property: JsonPropertyName("constant")] bool? Constant = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Fixed read-only parameters of a variable.</summary>
public sealed record VariableCharacteristicsType(
    [property: JsonPropertyName("dataType")] DataEnumType DataType,
    [property: JsonPropertyName("supportsMonitoring")] bool SupportsMonitoring,
    [property: JsonPropertyName("unit")] string? Unit = null,
    [property: JsonPropertyName("minLimit")] decimal? MinLimit = null,
    [property: JsonPropertyName("maxLimit")] decimal? MaxLimit = null,
    [property: JsonPropertyName("valuesList")] string? ValuesList = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Data type of this variable.</summary>
public enum DataEnumType
{
    [JsonStringEnumMemberName("string")] String,
    [JsonStringEnumMemberName("decimal")] Decimal,
    integer,
    dateTime,
    boolean,
    OptionList,
    SequenceList,
    MemberList,
}

/// <summary>Defines the mutability of this attribute. Default is ReadWrite when omitted.</summary>
public enum MutabilityEnumType
{
    ReadOnly,
    WriteOnly,
    ReadWrite,
}
