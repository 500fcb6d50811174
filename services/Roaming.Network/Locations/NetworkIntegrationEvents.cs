using System.Globalization;
using JasperFx.Events;
using Roaming.Contracts.Network.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Network.Locations;

/// <summary>What Network tells other services: a location snapshot in contract form (never the OCPI wire object).</summary>
public sealed class NetworkIntegrationEvents : IIntegrationEventMap<INetworkStore>
{
    public object? ToMessage(IEvent stored) => stored.Data switch
    {
        LocationPut put => ToContract(put),
        EvseLiveStatusChanged changed => ToContract(changed),
        _ => null,
    };

    /// <summary>The location key is <c>country*party*id</c> (<see cref="LocationKeys"/>), so the message names the party without a load.</summary>
    public static EvseStatusChanged ToContract(EvseLiveStatusChanged changed)
    {
        var key = changed.LocationKey.Split('*', 3);
        return new EvseStatusChanged(key[0], key[1], key[2], changed.EvseUid, changed.EvseId,
            Roaming.Protocols.Ocpi.OcpiEnumTexts<Roaming.Protocols.Ocpi.Locations.EvseStatus>.ToText(changed.Status), changed.ReportedAt, changed.ReceivedAt);
    }

    public static LocationChanged ToContract(LocationPut put)
    {
        var location = put.Location;
        return new LocationChanged(
            location.CountryCode!, location.PartyId!, location.Id!, location.Name, location.Address!, location.City!,
            location.PostalCode, location.State, location.Country!, location.Coordinates!.Latitude!, location.Coordinates.Longitude!,
            location.TimeZone!,
            (location.Evses ?? []).Select(evse => new EvseSnapshot(evse.Uid!, evse.EvseId, evse.Status!.Text,
                (evse.Connectors ?? []).Select(connector => new ConnectorSnapshot(
                    connector.Id!, connector.Standard!.Text, connector.Format!.Text, connector.PowerType!.Text,
                    connector.MaxVoltage ?? 0, connector.MaxAmperage ?? 0, connector.MaxElectricPower,
                    connector.TariffIds ?? [])).ToList())).ToList(),
            location.LastUpdated ?? put.At,
            Roaming.Protocols.Ocpi.OcpiJson.Serialize(location));
    }
}
