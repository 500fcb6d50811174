using MassTransit;
using NodaTime;
using Roaming.Contracts.Network.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Charging.Locations;

/// <summary>Charging's copy of a location (from Network's LocationChanged): the CDR's location snapshot, connector tariffs, time zone.</summary>
public sealed record LocationSnapshot(string Id, LocationChanged Location)
{
    public static string KeyFor(string countryCode, string partyId, string locationId) => $"{countryCode}*{partyId}*{locationId}";

    public (EvseSnapshot Evse, ConnectorSnapshot Connector)? Find(string evseUid, string connectorId)
    {
        var evse = Location.Evses.FirstOrDefault(e => e.Uid == evseUid);
        var connector = evse?.Connectors.FirstOrDefault(c => c.Id == connectorId);
        return evse is null || connector is null ? null : (evse, connector);
    }
}

public sealed class OnLocationChanged(IChargingStore store, IClock clock) : IConsumer<LocationChanged>
{
    public async Task Consume(ConsumeContext<LocationChanged> context)
    {
        var location = context.Message;
        await using var session = store.LightweightSession();
        if (!await session.TryMarkHandled(nameof(OnLocationChanged), context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
            return;
        var id = LocationSnapshot.KeyFor(location.CountryCode, location.PartyId, location.LocationId);
        var current = await session.LoadAsync<LocationSnapshot>(id, context.CancellationToken);
        if (current is null || current.Location.LastUpdated <= location.LastUpdated)
            session.Store(new LocationSnapshot(id, location));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
