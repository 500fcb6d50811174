using NodaTime;

namespace Roaming.Contracts.Network.V1;

/// <summary>A location of our CPO party was published or changed; carries what other services snapshot (CDR location, tariffs, zone).</summary>
public sealed record LocationChanged(
    string CountryCode,
    string PartyId,
    string LocationId,
    string? Name,
    string Address,
    string City,
    string? PostalCode,
    string? State,
    string Country,
    string Latitude,
    string Longitude,
    string TimeZone,
    IReadOnlyList<EvseSnapshot> Evses,
    Instant LastUpdated,
    /// <summary>The whole OCPI 2.2.1 Location as published to partners (optional: older producers did not set it).</summary>
    string? LocationJson = null);

public sealed record EvseSnapshot(string Uid, string? EvseId, string Status, IReadOnlyList<ConnectorSnapshot> Connectors);

public sealed record ConnectorSnapshot(
    string Id,
    string Standard,
    string Format,
    string PowerType,
    int MaxVoltage,
    int MaxAmperage,
    int? MaxElectricPower,
    IReadOnlyList<string> TariffIds);
