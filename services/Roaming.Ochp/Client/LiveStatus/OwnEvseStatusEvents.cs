using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.LiveStatus;

// One stream per EVSE of ours whose live status goes to the clearing house: "ochp-client-status:<normalised EVSE-ID>".

/// <summary>The EVSE's status changed (OCPI <see cref="OcpiStatus"/>, as OCHP major/minor) and waits for UpdateStatus.</summary>
public sealed record OwnEvseStatusQueued(string EvseId, string OcpiStatus, MajorStatus Major, MinorStatus? Minor, Instant ReportedAt, Instant At);

/// <summary>The clearing house took the status (version <see cref="Version"/>), valid there until <see cref="Ttl"/>.</summary>
public sealed record OwnEvseStatusSent(int Version, Instant Ttl, Instant At);

public sealed record OwnEvseStatus
{
    public required string Id { get; init; }
    public required string EvseId { get; init; }
    public MajorStatus Major { get; init; }
    public MinorStatus? Minor { get; init; }
    public Instant ReportedAt { get; init; }
    public int Version { get; init; }
    public int SentVersion { get; init; }
    public bool Pending { get; init; }

    /// <summary>When the status sent last expires at the clearing house (it is sent again before).</summary>
    public Instant? Ttl { get; init; }

    /// <summary><see cref="Ttl"/> for queries (Instants are JSON strings in the document); 0 before the first upload.</summary>
    public long TtlMs { get; init; }

    public static string StreamFor(string normalisedEvseId) => $"ochp-client-status:{normalisedEvseId}";
}

public sealed class OwnEvseStatusProjection : SingleStreamProjection<OwnEvseStatus, string>
{
    public static OwnEvseStatus Create(JasperFx.Events.IEvent<OwnEvseStatusQueued> queued) => new()
    {
        Id = queued.StreamKey!, EvseId = queued.Data.EvseId, Major = queued.Data.Major, Minor = queued.Data.Minor, ReportedAt = queued.Data.ReportedAt,
        Version = 1, Pending = true,
    };

    public static OwnEvseStatus Apply(OwnEvseStatusQueued queued, OwnEvseStatus status) => status with
    {
        EvseId = queued.EvseId, Major = queued.Major, Minor = queued.Minor, ReportedAt = queued.ReportedAt, Version = status.Version + 1, Pending = true,
    };

    public static OwnEvseStatus Apply(OwnEvseStatusSent sent, OwnEvseStatus status) => status with
    {
        SentVersion = Math.Max(status.SentVersion, sent.Version), Pending = sent.Version < status.Version, Ttl = sent.Ttl, TtlMs = sent.Ttl.ToUnixTimeMilliseconds(),
    };
}
