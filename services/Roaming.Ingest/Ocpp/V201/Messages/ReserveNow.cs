// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>ReserveNowRequest (CSMS → charging station). OCPI's RESERVE_NOW reserves an EVSE (or any), so Roaming never sets <c>connectorType</c>.</summary>
public sealed record ReserveNowRequest(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("expiryDateTime")] DateTimeOffset ExpiryDateTime,
    [property: JsonPropertyName("idToken")] IdTokenType IdToken,
    [property: JsonPropertyName("connectorType")] ConnectorEnumType? ConnectorType = null,
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

/// <summary>The connector type to reserve.</summary>
public enum ConnectorEnumType
{
    cCCS1,
    cCCS2,
    cG105,
    cTesla,
    cType1,
    cType2,
    [JsonStringEnumMemberName("s309-1P-16A")] s309_1P_16A,
    [JsonStringEnumMemberName("s309-1P-32A")] s309_1P_32A,
    [JsonStringEnumMemberName("s309-3P-16A")] s309_3P_16A,
    [JsonStringEnumMemberName("s309-3P-32A")] s309_3P_32A,
    sBS1361,
    [JsonStringEnumMemberName("sCEE-7-7")] sCEE_7_7,
    sType2,
    sType3,
    Other1PhMax16A,
    Other1PhOver16A,
    Other3Ph,
    Pan,
    wInductive,
    wResonant,
    Undetermined,
    Unknown,
}
