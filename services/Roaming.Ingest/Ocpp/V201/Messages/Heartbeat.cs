// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>HeartbeatRequest (charging station → CSMS).</summary>
public sealed record HeartbeatRequest(
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>HeartbeatResponse.</summary>
public sealed record HeartbeatResponse(
    [property: JsonPropertyName("currentTime")] DateTimeOffset CurrentTime,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);
