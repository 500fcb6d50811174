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
    public static async Task<CdrInputs?> Load(IQuerySession session, ChargingSession charging, string defaultCurrency, CancellationToken cancellation)
    {
        var started = charging.Started;
        var location = await session.LoadAsync<LocationSnapshot>(
            LocationSnapshot.KeyFor(started.CountryCode, started.PartyId, started.LocationId), cancellation);
        if (location is null)
            return null;
        var tariffId = location.Find(started.EvseUid, started.ConnectorId)?.Connector.TariffIds.FirstOrDefault();
        var tariffKey = tariffId is null ? null : TariffKeys.For(started.CountryCode, started.PartyId, tariffId);
        var history = tariffKey is null ? null : await session.LoadAsync<TariffHistory>(tariffKey, cancellation);
        var token = started.TokenUid is null ? null : await session.LoadAsync<TokenSnapshot>(started.TokenUid, cancellation);
        return new CdrInputs(charging, history?.ValidAt(started.StartedAt), tariffKey, location, token, defaultCurrency);
    }
}
