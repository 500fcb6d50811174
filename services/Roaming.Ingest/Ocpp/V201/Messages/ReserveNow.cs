// Generated from the official OCPP 2.0.1 JSON schemas (Ocpp/Schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>
/// ReserveNowRequest (CSMS → charging station). The optional <c>connectorType</c> is left out: OCPI's RESERVE_NOW
/// reserves an EVSE (or any), never a connector type.
/// </summary>
public sealed record ReserveNowRequest(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("expiryDateTime")] DateTimeOffset ExpiryDateTime,
    [property: JsonPropertyName("idToken")] IdTokenType IdToken,
    [property: JsonPropertyName("evseId")] int? EvseId = null,
    [property: JsonPropertyName("groupIdToken")] IdTokenType? GroupIdToken = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>ReserveNowResponse.</summary>
public sealed record ReserveNowResponse(
    [property: JsonPropertyName("status")] ReserveNowStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>The success or failure of the reservation.</summary>
public enum ReserveNowStatusEnumType
{
    Accepted,
    Faulted,
    Occupied,
    Rejected,
    Unavailable,
}
