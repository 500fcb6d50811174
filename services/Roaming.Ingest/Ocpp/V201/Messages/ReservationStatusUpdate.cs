// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>ReservationStatusUpdateRequest (charging station → CSMS): a reservation expired or was removed.</summary>
public sealed record ReservationStatusUpdateRequest(
    [property: JsonPropertyName("reservationId")] int ReservationId,
    [property: JsonPropertyName("reservationUpdateStatus")] ReservationUpdateStatusEnumType ReservationUpdateStatus,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>ReservationStatusUpdateResponse.</summary>
public sealed record ReservationStatusUpdateResponse(
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>The updated reservation status.</summary>
public enum ReservationUpdateStatusEnumType
{
    Expired,
    Removed,
}
