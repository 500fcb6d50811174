using NodaTime;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Tariffs;

/// <summary>A version of a tariff was published (first or updated); earlier versions stay valid for sessions that started under them.</summary>
public sealed record TariffPublished(string TariffKey, int Version, Tariff Tariff, Instant PublishedAt);

public sealed record TariffRemoved(string TariffKey, Instant RemovedAt);

public static class TariffKeys
{
    /// <summary>Tariff ids are unique per party only: the stream key includes the party.</summary>
    public static string For(string countryCode, string partyId, string tariffId) => $"{countryCode}*{partyId}*{tariffId}";
}
