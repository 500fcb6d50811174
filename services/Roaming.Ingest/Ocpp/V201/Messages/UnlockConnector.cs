// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>UnlockConnectorRequest (CSMS → charging station).</summary>
public sealed record UnlockConnectorRequest(
    [property: JsonPropertyName("evseId")] int EvseId,
    [property: JsonPropertyName("connectorId")] int ConnectorId,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>UnlockConnectorResponse.</summary>
public sealed record UnlockConnectorResponse(
    [property: JsonPropertyName("status")] UnlockStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>This indicates whether the Charging Station has unlocked the connector.</summary>
public enum UnlockStatusEnumType
{
    Unlocked,
    UnlockFailed,
    OngoingAuthorizedTransaction,
    UnknownConnector,
}
