// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>StatusNotificationRequest (charging station → CSMS).</summary>
public sealed record StatusNotificationRequest(
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("connectorStatus")] ConnectorStatusEnumType ConnectorStatus,
    [property: JsonPropertyName("evseId")] int EvseId,
    [property: JsonPropertyName("connectorId")] int ConnectorId,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>StatusNotificationResponse.</summary>
public sealed record StatusNotificationResponse(
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>This contains the current status of the Connector.</summary>
public enum ConnectorStatusEnumType
{
    Available,
    Occupied,
    Reserved,
    Unavailable,
    Faulted,
}
