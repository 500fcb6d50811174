using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>ChangeAvailability.req (CSMS → charge point). Connector 0 is the whole charge point.</summary>
public sealed record ChangeAvailabilityRequest(
    [property: JsonPropertyName("connectorId")] int ConnectorId,
    [property: JsonPropertyName("type")] AvailabilityType Type);

/// <summary>ChangeAvailability.conf.</summary>
public sealed record ChangeAvailabilityResponse(
    [property: JsonPropertyName("status")] AvailabilityStatus Status);

public enum AvailabilityType
{
    Inoperative,
    Operative,
}

public enum AvailabilityStatus
{
    Accepted,
    Rejected,
    Scheduled,
}
