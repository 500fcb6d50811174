// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>MeterValuesRequest (charging station → CSMS).</summary>
public sealed record MeterValuesRequest(
    [property: JsonPropertyName("evseId")] int EvseId,
    [property: JsonPropertyName("meterValue")] IReadOnlyList<MeterValueType> MeterValue,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>MeterValuesResponse.</summary>
public sealed record MeterValuesResponse(
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);
