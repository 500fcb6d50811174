// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>SecurityEventNotificationRequest (charging station → CSMS).</summary>
public sealed record SecurityEventNotificationRequest(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("techInfo")] string? TechInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>SecurityEventNotificationResponse.</summary>
public sealed record SecurityEventNotificationResponse(
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);
