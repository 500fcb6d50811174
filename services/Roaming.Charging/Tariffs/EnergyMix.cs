using System.Text.Json.Serialization;
using Roaming.Platform.Wire;

namespace Roaming.Charging.Tariffs;

/// <summary>OCPI EnergyMix (mod_locations 8.4.7), carried by a Tariff when its energy differs from the location's.</summary>
public sealed record EnergyMix
{
    [JsonPropertyName("is_green_energy")] public required bool IsGreenEnergy { get; init; }
    [JsonPropertyName("energy_sources")] public IReadOnlyList<EnergySource>? EnergySources { get; init; }
    [JsonPropertyName("environ_impact")] public IReadOnlyList<EnvironmentalImpact>? EnvironImpact { get; init; }
    [JsonPropertyName("supplier_name")] public string? SupplierName { get; init; }
    [JsonPropertyName("energy_product_name")] public string? EnergyProductName { get; init; }
}

/// <summary>Share of one source in the mix, as a percentage 0..100.</summary>
public sealed record EnergySource(
    [property: JsonPropertyName("source")] EnergySourceCategory Source,
    [property: JsonPropertyName("percentage")] decimal Percentage);

/// <summary>Environmental impact of the mix in g/kWh.</summary>
public sealed record EnvironmentalImpact(
    [property: JsonPropertyName("category")] EnvironmentalImpactCategory Category,
    [property: JsonPropertyName("amount")] decimal Amount);
