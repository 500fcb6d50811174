// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>CancelReservationRequest (CSMS → charging station).</summary>
public sealed record CancelReservationRequest(
    [property: JsonPropertyName("reservationId")] int ReservationId,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>CancelReservationResponse.</summary>
public sealed record CancelReservationResponse(
    [property: JsonPropertyName("status")] CancelReservationStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Whether the charging station cancelled the reservation.</summary>
public enum CancelReservationStatusEnumType
{
    Accepted,
    Rejected,
}
