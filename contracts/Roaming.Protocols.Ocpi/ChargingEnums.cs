using System.Text.Json.Serialization;

namespace Roaming.Protocols.Ocpi;

// The enums the OCPI 2.2.1 Sessions and CDRs modules share (a Session has charging periods and an auth_method too).
// Each member carries its exact wire text, which is also the list the validators accept.

/// <summary>What a CdrDimension measures: ENERGY in kWh, TIME/PARKING_TIME/RESERVATION_TIME in hours, currents in A, powers in kW.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CdrDimensionType>))]
public enum CdrDimensionType
{
    [JsonStringEnumMemberName("CURRENT")] Current = 1,
    [JsonStringEnumMemberName("ENERGY")] Energy,
    [JsonStringEnumMemberName("ENERGY_EXPORT")] EnergyExport,
    [JsonStringEnumMemberName("ENERGY_IMPORT")] EnergyImport,
    [JsonStringEnumMemberName("MAX_CURRENT")] MaxCurrent,
    [JsonStringEnumMemberName("MIN_CURRENT")] MinCurrent,
    [JsonStringEnumMemberName("MAX_POWER")] MaxPower,
    [JsonStringEnumMemberName("MIN_POWER")] MinPower,
    [JsonStringEnumMemberName("PARKING_TIME")] ParkingTime,
    [JsonStringEnumMemberName("POWER")] Power,
    [JsonStringEnumMemberName("RESERVATION_TIME")] ReservationTime,
    [JsonStringEnumMemberName("STATE_OF_CHARGE")] StateOfCharge,
    [JsonStringEnumMemberName("TIME")] Time,
}

/// <summary>How the charging session was authorized.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuthMethod>))]
public enum AuthMethod
{
    [JsonStringEnumMemberName("AUTH_REQUEST")] AuthRequest = 1,
    [JsonStringEnumMemberName("COMMAND")] Command,
    [JsonStringEnumMemberName("WHITELIST")] Whitelist,
}
