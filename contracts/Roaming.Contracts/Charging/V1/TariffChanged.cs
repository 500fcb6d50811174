using NodaTime;

namespace Roaming.Contracts.Charging.V1;

/// <summary>A tariff of our CPO party was published, updated or removed; <see cref="TariffJson"/> is the OCPI 2.2.1 Tariff (null when removed).</summary>
public sealed record TariffChanged(
    string CountryCode,
    string PartyId,
    string TariffId,
    string? TariffJson,
    bool Removed,
    Instant LastUpdated);
