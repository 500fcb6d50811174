using System.Text.Json.Serialization;

namespace Roaming.Protocols.Ocpi;

// OCPI 2.2.1 EnergySourceCategory and EnvironmentalImpactCategory: shared by the Tariff (Charging) and Location (Network)
// wire models. Values start at 1 so that an absent value (default) is never mistaken for a real category.

[JsonConverter(typeof(JsonStringEnumConverter<EnergySourceCategory>))]
public enum EnergySourceCategory
{
    [JsonStringEnumMemberName("NUCLEAR")] Nuclear = 1,
    [JsonStringEnumMemberName("GENERAL_FOSSIL")] GeneralFossil,
    [JsonStringEnumMemberName("COAL")] Coal,
    [JsonStringEnumMemberName("GAS")] Gas,
    [JsonStringEnumMemberName("GENERAL_GREEN")] GeneralGreen,
    [JsonStringEnumMemberName("SOLAR")] Solar,
    [JsonStringEnumMemberName("WIND")] Wind,
    [JsonStringEnumMemberName("WATER")] Water,
}

[JsonConverter(typeof(JsonStringEnumConverter<EnvironmentalImpactCategory>))]
public enum EnvironmentalImpactCategory
{
    [JsonStringEnumMemberName("NUCLEAR_WASTE")] NuclearWaste = 1,
    [JsonStringEnumMemberName("CARBON_DIOXIDE")] CarbonDioxide,
}
