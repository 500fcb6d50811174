using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Tariffs;

public sealed record TariffVersion(int Version, Tariff Tariff, Instant PublishedAt);

/// <summary>Every version of one tariff, so a session is priced with the version valid when it started.</summary>
public sealed record TariffHistory(string Id, IReadOnlyList<TariffVersion> Versions, Instant? RemovedAt)
{
    public Tariff Current => Versions[^1].Tariff;

    /// <summary>The version published last at or before <paramref name="sessionStart"/>; the first one if the session predates them all.</summary>
    public TariffVersion? ValidAt(Instant sessionStart)
    {
        if (Versions.Count == 0 || RemovedAt <= sessionStart)
            return null;
        return Versions.LastOrDefault(v => v.PublishedAt <= sessionStart) ?? Versions[0];
    }
}

public sealed class TariffHistoryProjection : SingleStreamProjection<TariffHistory, string>
{
    public static TariffHistory Create(TariffPublished published) =>
        new(published.TariffKey, [new TariffVersion(published.Version, published.Tariff, published.PublishedAt)], null);

    public static TariffHistory Apply(TariffPublished published, TariffHistory history) =>
        history with { Versions = [.. history.Versions, new TariffVersion(published.Version, published.Tariff, published.PublishedAt)], RemovedAt = null };

    public static TariffHistory Apply(TariffRemoved removed, TariffHistory history) => history with { RemovedAt = removed.RemovedAt };
}
