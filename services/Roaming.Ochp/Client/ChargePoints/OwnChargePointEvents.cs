using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Ochp.Client.ChargePoints;

// One stream per EVSE of ours listed at the remote clearing house: "ochp-client-chargepoint:<normalised EVSE-ID>".

/// <summary>The EVSE's charge point changed (or is new, or was removed: status Closed) and waits for upload.</summary>
public sealed record OwnChargePointQueued(string EvseId, string LocationKey, string ChargePointXml, Instant At);

/// <summary>The clearing house took the charge point (version <see cref="Version"/>), in a full list or a delta.</summary>
public sealed record OwnChargePointSent(int Version, bool FullList, string ResultCode, Instant At);

/// <summary>The clearing house listed the charge point as refused; it stays so until the EVSE changes again.</summary>
public sealed record OwnChargePointRefused(int Version, string ResultCode, string? ResultDescription, Instant At);

/// <summary>What the clearing house has of one of our EVSEs, and whether a newer version waits.</summary>
public sealed record OwnChargePoint
{
    public required string Id { get; init; }
    public required string EvseId { get; init; }
    public required string LocationKey { get; init; }
    public required string ChargePointXml { get; init; }
    public int Version { get; init; }
    public int SentVersion { get; init; }
    public bool Pending { get; init; }
    public bool EverSent { get; init; }
    public string? LastResult { get; init; }
    public Instant LastChangedAt { get; init; }

    public static string StreamFor(string normalisedEvseId) => $"ochp-client-chargepoint:{normalisedEvseId}";
}

public sealed class OwnChargePointProjection : SingleStreamProjection<OwnChargePoint, string>
{
    public static OwnChargePoint Create(JasperFx.Events.IEvent<OwnChargePointQueued> queued) => new()
    {
        Id = queued.StreamKey!, EvseId = queued.Data.EvseId, LocationKey = queued.Data.LocationKey, ChargePointXml = queued.Data.ChargePointXml,
        Version = 1, Pending = true, LastChangedAt = queued.Data.At,
    };

    public static OwnChargePoint Apply(OwnChargePointQueued queued, OwnChargePoint point) => point with
    {
        LocationKey = queued.LocationKey, ChargePointXml = queued.ChargePointXml, Version = point.Version + 1, Pending = true, LastChangedAt = queued.At,
    };

    public static OwnChargePoint Apply(OwnChargePointSent sent, OwnChargePoint point) => point with
    {
        SentVersion = Math.Max(point.SentVersion, sent.Version), Pending = sent.Version < point.Version, EverSent = true, LastResult = sent.ResultCode,
        LastChangedAt = sent.At,
    };

    public static OwnChargePoint Apply(OwnChargePointRefused refused, OwnChargePoint point) => point with
    {
        SentVersion = Math.Max(point.SentVersion, refused.Version), Pending = refused.Version < point.Version, EverSent = true,
        LastResult = refused.ResultDescription is { Length: > 0 } d ? $"{refused.ResultCode}: {d}" : refused.ResultCode, LastChangedAt = refused.At,
    };
}

/// <summary>
/// What the client remembers of one of our locations (from Network's LocationChanged): its time zone (CDR times are
/// local) and its EVSEs' streams (an EVSE that disappears is listed as Closed).
/// </summary>
public sealed record OwnLocationZone(string Id, string Zone, IReadOnlyList<string> ChargePointStreams)
{
    public static string IdFor(string countryCode, string partyId, string locationId) => $"{countryCode}*{partyId}*{locationId}";
}
