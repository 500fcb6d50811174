using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Protocols.Ocpi.Locations;

namespace Roaming.Network.Locations;

/// <summary>The operator put a location (new or a full replacement) of our CPO party.</summary>
public sealed record LocationPut(string LocationKey, Location Location, Instant At);

/// <summary>
/// The live status of one EVSE of the location changed, derived from its charger's connector statuses: the OCPP status
/// that changed it, the charger's time (<paramref name="ReportedAt"/>) and when Ingest received the frame
/// (<paramref name="ReceivedAt"/>, which is the EVSE's and the location's new <c>last_updated</c>).
/// </summary>
public sealed record EvseLiveStatusChanged(
    string LocationKey,
    string EvseUid,
    string? EvseId,
    EvseStatus Status,
    string ChargePointId,
    int OcppConnectorId,
    string OcppStatus,
    Instant ReportedAt,
    Instant ReceivedAt);

public static class LocationKeys
{
    public static string For(string countryCode, string partyId, string locationId) => $"{countryCode}*{partyId}*{locationId}";
}

/// <summary>The current location as the operator API and OCPI serve it.</summary>
public sealed record PublishedLocation(string Id, Location Location, Instant LastChangedAt)
{
    public Evse? Evse(string uid) => Location.Evses?.FirstOrDefault(e => string.Equals(e.Uid, uid, StringComparison.OrdinalIgnoreCase));
}

public sealed class PublishedLocationProjection : SingleStreamProjection<PublishedLocation, string>
{
    public static PublishedLocation Create(LocationPut put) => new(put.LocationKey, put.Location, put.At);

    public static PublishedLocation Apply(LocationPut put, PublishedLocation _) => new(put.LocationKey, put.Location, put.At);

    public static PublishedLocation Apply(EvseLiveStatusChanged changed, PublishedLocation location)
    {
        var evses = (location.Location.Evses ?? []).Select(evse => string.Equals(evse.Uid, changed.EvseUid, StringComparison.OrdinalIgnoreCase)
            ? evse with { Status = changed.Status, LastUpdated = changed.ReceivedAt }
            : evse).ToList();
        var lastUpdated = Instant.Max(location.Location.LastUpdated ?? changed.ReceivedAt, changed.ReceivedAt);
        return location with { Location = location.Location with { Evses = evses, LastUpdated = lastUpdated }, LastChangedAt = Instant.Max(location.LastChangedAt, changed.ReceivedAt) };
    }
}
