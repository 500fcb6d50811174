using System.Collections.Concurrent;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>
/// Compiled tariffs by party, tariff id and version, so issuing a CDR and the running cost on every meter reading do not
/// validate and compile the same tariff again. A hit is used only when the cached tariff has the same content as the one
/// asked for (every field pricing reads, decimals with their scale): a tariff removed and re-created with a reused version
/// number, or one loaded from a different store, is compiled afresh and replaces the entry. A full comparison rather than a
/// content hash, so a collision cannot price with the wrong tariff; it costs about as much as hashing would. Bounded: when
/// <c>capacity</c> entries are held, the cache starts over. Thread-safe.
/// </summary>
public sealed class CompiledTariffCache(int capacity)
{
    private readonly ConcurrentDictionary<(string CountryCode, string PartyId, string Id, int Version), CompiledTariff> _entries = new();

    public int Count => _entries.Count;

    /// <summary>The compiled form of <paramref name="tariff"/> (published as <paramref name="version"/>); throws like <see cref="TariffCalculator.Compile"/>.</summary>
    public CompiledTariff Get(Tariff tariff, int version)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var key = (tariff.CountryCode, tariff.PartyId, tariff.Id, version);
        if (_entries.TryGetValue(key, out var cached) && TariffContent.Same(cached.Tariff, tariff)) return cached;

        var compiled = TariffCalculator.Compile(tariff);
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[key] = compiled;
        return compiled;
    }
}

/// <summary>Whether two tariffs price every session identically and explain it in the same words: all fields pricing reads.</summary>
internal static class TariffContent
{
    public static bool Same(Tariff a, Tariff b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.CountryCode != b.CountryCode || a.PartyId != b.PartyId || a.Id != b.Id || a.Currency != b.Currency) return false;
        if (!Same(a.MinPrice, b.MinPrice) || !Same(a.MaxPrice, b.MaxPrice) || a.Elements.Count != b.Elements.Count) return false;
        for (var e = 0; e < a.Elements.Count; e++)
        {
            var (x, y) = (a.Elements[e], b.Elements[e]);
            if (x.PriceComponents.Count != y.PriceComponents.Count || !Same(x.Restrictions, y.Restrictions)) return false;
            for (var c = 0; c < x.PriceComponents.Count; c++)
            {
                var (p, q) = (x.PriceComponents[c], y.PriceComponents[c]);
                if (p.Type != q.Type || p.StepSize != q.StepSize || !Same(p.Price, q.Price) || !Same(p.Vat, q.Vat)) return false;
            }
        }
        return true;
    }

    private static bool Same(TariffRestrictions? a, TariffRestrictions? b)
    {
        if (a is null || b is null) return a is null && b is null;
        return a.StartTime == b.StartTime && a.EndTime == b.EndTime && a.StartDate == b.StartDate && a.EndDate == b.EndDate &&
               Same(a.MinKwh, b.MinKwh) && Same(a.MaxKwh, b.MaxKwh) && Same(a.MinCurrent, b.MinCurrent) && Same(a.MaxCurrent, b.MaxCurrent) &&
               Same(a.MinPower, b.MinPower) && Same(a.MaxPower, b.MaxPower) &&
               a.MinDuration == b.MinDuration && a.MaxDuration == b.MaxDuration && a.Reservation == b.Reservation &&
               (a.DayOfWeek ?? []).SequenceEqual(b.DayOfWeek ?? []);
    }

    private static bool Same(Price? a, Price? b) =>
        a is null || b is null ? a is null && b is null : Same(a.ExclVat, b.ExclVat) && Same(a.InclVat, b.InclVat);

    /// <summary>Equal and with the same scale: 0.30 and 0.3 are equal prices but give amounts of different scale.</summary>
    private static bool Same(decimal? a, decimal? b) =>
        a is null || b is null ? a is null && b is null : a.Value == b.Value && a.Value.Scale == b.Value.Scale;
}
