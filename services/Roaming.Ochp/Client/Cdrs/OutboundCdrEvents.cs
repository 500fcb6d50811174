using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Ochp.Client.Cdrs;

// One stream per CDR of ours going to the remote clearing house: "ochp-client-cdr:<our CDR id>".

/// <summary>
/// A CDR of ours was mapped to OCHP and waits for AddCDRs. <see cref="CdrXml"/> is the <c>CDRInfo</c> element with its
/// <c>contractId</c> as Charging sent it, encrypted under the holder's key (revealed only when it is sent).
/// </summary>
public sealed record OutboundCdrQueued(string SourceCdrId, string OchpCdrId, string EvseId, string CdrXml, Instant At);

/// <summary>Our CDR cannot be expressed in OCHP (the reasons); kept for the operator, never sent.</summary>
public sealed record OutboundCdrUnmappable(string SourceCdrId, IReadOnlyList<string> Problems, Instant At);

/// <summary>The clearing house took the CDR (not listed as implausible in an <c>ok</c>/<c>partly</c> answer).</summary>
public sealed record OutboundCdrAccepted(string ResultCode, string? ResultDescription, Instant At);

/// <summary>The clearing house listed the CDR as implausible: it is not stored there; fix and re-upload.</summary>
public sealed record OutboundCdrImplausible(string ResultCode, string? ResultDescription, Instant At);

/// <summary>The clearing house refused the CDR alone in its request (<c>format</c>, <c>invalid-id</c>): the same upload would get the same answer.</summary>
public sealed record OutboundCdrRefused(string ResultCode, string? ResultDescription, Instant At);

/// <summary>The upload did not get through (transport, fault, <c>server</c>, <c>not-authorized</c>, <c>roaming</c>); tried again at <see cref="NextAttemptAt"/>.</summary>
public sealed record OutboundCdrUploadFailed(string Reason, int Attempt, Instant NextAttemptAt, Instant At);

public enum OutboundCdrState
{
    Queued,
    Accepted,
    Implausible,
    Refused,
    Unmappable,
}

/// <summary>Where each of our CDRs stands with the clearing house (read model of the streams above).</summary>
public sealed record OutboundCdr
{
    public required string Id { get; init; }
    public required string SourceCdrId { get; init; }
    public string? OchpCdrId { get; init; }
    public string? EvseId { get; init; }
    public string? CdrXml { get; init; }
    public OutboundCdrState State { get; init; }
    public int Attempts { get; init; }
    public Instant NextAttemptAt { get; init; }

    /// <summary><see cref="NextAttemptAt"/> for queries (Instants are JSON strings in the document).</summary>
    public long NextAttemptAtMs { get; init; }
    public string? LastResult { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];
    public Instant QueuedAt { get; init; }
    public Instant LastChangedAt { get; init; }

    public long LastChangedAtMs { get; init; }

    public static string StreamFor(string sourceCdrId) => $"ochp-client-cdr:{sourceCdrId}";
}

public sealed class OutboundCdrProjection : SingleStreamProjection<OutboundCdr, string>
{
    public static OutboundCdr Create(JasperFx.Events.IEvent<OutboundCdrQueued> queued) => new()
    {
        Id = queued.StreamKey!,
        SourceCdrId = queued.Data.SourceCdrId,
        OchpCdrId = queued.Data.OchpCdrId,
        EvseId = queued.Data.EvseId,
        CdrXml = queued.Data.CdrXml,
        State = OutboundCdrState.Queued,
        NextAttemptAt = queued.Data.At,
        NextAttemptAtMs = queued.Data.At.ToUnixTimeMilliseconds(),
        QueuedAt = queued.Data.At,
        LastChangedAt = queued.Data.At,
        LastChangedAtMs = queued.Data.At.ToUnixTimeMilliseconds(),
    };

    public static OutboundCdr Create(JasperFx.Events.IEvent<OutboundCdrUnmappable> unmappable) => new()
    {
        Id = unmappable.StreamKey!,
        SourceCdrId = unmappable.Data.SourceCdrId,
        State = OutboundCdrState.Unmappable,
        Problems = unmappable.Data.Problems,
        QueuedAt = unmappable.Data.At,
        LastChangedAt = unmappable.Data.At,
        LastChangedAtMs = unmappable.Data.At.ToUnixTimeMilliseconds(),
    };

    public static OutboundCdr Apply(OutboundCdrAccepted accepted, OutboundCdr cdr) => cdr with
    {
        State = OutboundCdrState.Accepted, Attempts = cdr.Attempts + 1, LastResult = Describe(accepted.ResultCode, accepted.ResultDescription),
        LastChangedAt = accepted.At, LastChangedAtMs = accepted.At.ToUnixTimeMilliseconds(),
    };

    public static OutboundCdr Apply(OutboundCdrImplausible implausible, OutboundCdr cdr) => cdr with
    {
        State = OutboundCdrState.Implausible, Attempts = cdr.Attempts + 1,
        LastResult = Describe(implausible.ResultCode, implausible.ResultDescription), LastChangedAt = implausible.At, LastChangedAtMs = implausible.At.ToUnixTimeMilliseconds(),
    };

    public static OutboundCdr Apply(OutboundCdrRefused refused, OutboundCdr cdr) => cdr with
    {
        State = OutboundCdrState.Refused, Attempts = cdr.Attempts + 1, LastResult = Describe(refused.ResultCode, refused.ResultDescription),
        LastChangedAt = refused.At, LastChangedAtMs = refused.At.ToUnixTimeMilliseconds(),
    };

    public static OutboundCdr Apply(OutboundCdrUploadFailed failed, OutboundCdr cdr) => cdr with
    {
        Attempts = failed.Attempt, NextAttemptAt = failed.NextAttemptAt, NextAttemptAtMs = failed.NextAttemptAt.ToUnixTimeMilliseconds(), LastResult = failed.Reason, LastChangedAt = failed.At, LastChangedAtMs = failed.At.ToUnixTimeMilliseconds(),
    };

    private static string Describe(string code, string? description) => description is { Length: > 0 } ? $"{code}: {description}" : code;
}
