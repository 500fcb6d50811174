using Marten;
using Roaming.Charging.Authorizations;
using Roaming.Charging.Locations;
using Roaming.Charging.Sessions;
using Roaming.Charging.Tariffs;

namespace Roaming.Charging.Cdrs.Issuing;

/// <summary>
/// Loads what a session is priced with: the location snapshot, the connector's tariff version valid at the session's
/// start, and the token. One place for issuing a CDR and for the running cost of an active session.
/// </summary>
public static class CdrInputsLoader
{
    /// <returns>null when Charging does not know the session's location (yet).</returns>
    public static async Task<CdrInputs?> Load(IQuerySession session, ChargingSession charging, string defaultCurrency, CancellationToken cancellation) =>
        (await LoadMany(session, [charging], defaultCurrency, cancellation))(charging);

    /// <summary>
    /// The pricing inputs of many sessions with three queries (locations, tariff histories, tokens), for a batch of
    /// messages: the returned function builds the inputs of any state of those sessions (null when the location is unknown).
    /// </summary>
    public static async Task<Func<ChargingSession, CdrInputs?>> LoadMany(IQuerySession session, IReadOnlyCollection<ChargingSession> sessions,
        string defaultCurrency, CancellationToken cancellation)
    {
        var locations = (await LoadAll<LocationSnapshot>(session, sessions.Select(s => LocationKey(s.Started)), cancellation))
            .ToDictionary(l => l.Id);
        string? TariffKey(SessionStarted started)
        {
            var location = locations.GetValueOrDefault(LocationKey(started));
            var tariffId = location?.Find(started.EvseUid, started.ConnectorId)?.Connector.TariffIds.FirstOrDefault();
            return tariffId is null ? null : TariffKeys.For(started.CountryCode, started.PartyId, tariffId);
        }
        var histories = (await LoadAll<TariffHistory>(session, sessions.Select(s => TariffKey(s.Started)).OfType<string>(), cancellation))
            .ToDictionary(h => h.Id);
        var tokens = (await LoadAll<TokenSnapshot>(session, sessions.Select(s => s.Started.TokenUid).OfType<string>(), cancellation))
            .ToDictionary(t => t.Id);
        return charging =>
        {
            var started = charging.Started;
            if (!locations.TryGetValue(LocationKey(started), out var location))
                return null;
            var tariffKey = TariffKey(started);
            var history = tariffKey is null ? null : histories.GetValueOrDefault(tariffKey);
            var token = started.TokenUid is null ? null : tokens.GetValueOrDefault(started.TokenUid);
            return new CdrInputs(charging, history?.ValidAt(started.StartedAt), tariffKey, location, token, defaultCurrency);
        };
    }

    private static async Task<IReadOnlyList<T>> LoadAll<T>(IQuerySession session, IEnumerable<string> ids, CancellationToken cancellation) where T : notnull
    {
        var distinct = ids.Distinct().ToArray();
        return distinct.Length == 0 ? [] : await session.LoadManyAsync<T>(cancellation, distinct);
    }

    private static string LocationKey(SessionStarted started) => LocationSnapshot.KeyFor(started.CountryCode, started.PartyId, started.LocationId);
}
