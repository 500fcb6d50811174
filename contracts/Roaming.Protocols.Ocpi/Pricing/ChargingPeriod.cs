using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Protocols.Ocpi;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>
/// OCPI CDR ChargingPeriod: from <see cref="StartDateTime"/> until the next period starts (or the CDR ends).
/// The engine opens a new one wherever a price can change.
/// </summary>
public sealed record ChargingPeriod(
    [property: JsonPropertyName("start_date_time")] Instant StartDateTime,
    [property: JsonPropertyName("dimensions")] IReadOnlyList<CdrDimension> Dimensions,
    [property: JsonPropertyName("tariff_id")] string? TariffId = null)
{
    public decimal VolumeOf(CdrDimensionType type) =>
        Dimensions.Where(d => d.Type == type).Sum(d => d.Volume);

    public decimal? OptionalVolumeOf(CdrDimensionType type) =>
        Dimensions.FirstOrDefault(d => d.Type == type)?.Volume;
}

/// <summary>OCPI CdrDimension: ENERGY in kWh, TIME/PARKING_TIME/RESERVATION_TIME in hours, currents in A, powers in kW.</summary>
public sealed record CdrDimension(
    [property: JsonPropertyName("type")] CdrDimensionType Type,
    [property: JsonPropertyName("volume")] decimal Volume);
