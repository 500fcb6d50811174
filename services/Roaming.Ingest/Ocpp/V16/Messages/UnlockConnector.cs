using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>UnlockConnector.req (CSMS → charge point).</summary>
public sealed record UnlockConnectorRequest(
    [property: JsonPropertyName("connectorId")] int ConnectorId);

/// <summary>UnlockConnector.conf.</summary>
public sealed record UnlockConnectorResponse(
    [property: JsonPropertyName("status")] UnlockStatus Status);

public enum UnlockStatus
{
    Unlocked,
    UnlockFailed,
    NotSupported,
}
