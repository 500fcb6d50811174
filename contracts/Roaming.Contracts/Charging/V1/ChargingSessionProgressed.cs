using NodaTime;

namespace Roaming.Contracts.Charging.V1;

/// <summary>
/// A running session of our CPO party measured more energy: its kWh so far and, when a tariff applies, its cost so far
/// with the tariff version valid at its start (null without a tariff: absent is not free). <see cref="ChargingPeriodsJson"/>
/// is the OCPI 2.2.1 ChargingPeriod list so far (the last period is still open and grows).
/// </summary>
public sealed record ChargingSessionProgressed(
    string SessionId,
    string CountryCode,
    string PartyId,
    decimal Kwh,
    string? Currency,
    decimal? TotalCostExclVat,
    decimal? TotalCostInclVat,
    string? ChargingPeriodsJson,
    Instant At);
