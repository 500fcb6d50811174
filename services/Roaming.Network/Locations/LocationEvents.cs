using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Protocols.Ocpi.Locations;

namespace Roaming.Network.Locations;

/// <summary>The operator put a location (new or a full replacement) of our CPO party.</summary>
public sealed record LocationPut(string LocationKey, Location Location, Instant At);

public static class LocationKeys
{
    public static string For(string countryCode, string partyId, string locationId) => $"{countryCode}*{partyId}*{locationId}";
}

/// <summary>The current location as the operator API and OCPI serve it.</summary>
public sealed record PublishedLocation(string Id, Location Location, Instant LastChangedAt);

public sealed class PublishedLocationProjection : SingleStreamProjection<PublishedLocation, string>
{
    public static PublishedLocation Create(LocationPut put) => new(put.LocationKey, put.Location, put.At);

    public static PublishedLocation Apply(LocationPut put, PublishedLocation _) => new(put.LocationKey, put.Location, put.At);
}
