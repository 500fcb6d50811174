using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>ReserveNow.req (CSMS → charge point). <see cref="ConnectorId"/> 0 reserves any connector of the charge point.</summary>
public sealed record ReserveNowRequest(
    [property: JsonPropertyName("connectorId")] int ConnectorId,
    [property: JsonPropertyName("expiryDate")] DateTimeOffset ExpiryDate,
    [property: JsonPropertyName("idTag")] string IdTag,
    [property: JsonPropertyName("reservationId")] int ReservationId,
    [property: JsonPropertyName("parentIdTag")] string? ParentIdTag = null);

/// <summary>ReserveNow.conf.</summary>
public sealed record ReserveNowResponse(
    [property: JsonPropertyName("status")] ReservationStatus Status);

public enum ReservationStatus
{
    Accepted,
    Faulted,
    Occupied,
    Rejected,
    Unavailable,
}
