using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>CancelReservation.req (CSMS → charge point).</summary>
public sealed record CancelReservationRequest(
    [property: JsonPropertyName("reservationId")] int ReservationId);

/// <summary>CancelReservation.conf.</summary>
public sealed record CancelReservationResponse(
    [property: JsonPropertyName("status")] CancelReservationStatus Status);

public enum CancelReservationStatus
{
    Accepted,
    Rejected,
}
