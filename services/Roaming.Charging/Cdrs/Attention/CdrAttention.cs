using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Charging.Sessions;
using Roaming.Platform.Identity;

namespace Roaming.Charging.Cdrs.Attention;

// A transaction that cannot become a complete CDR is kept, in its own stream, until an operator completes it (the CDR
// is then issued through the normal path) or discards it (kept, never deleted). The stream id derives from the session
// id (charge point + transaction), so a redelivered or replayed message finds the item again.

/// <summary>Why a transaction needs attention; the code is stable, the text explains it to the operator.</summary>
public static class AttentionReasons
{
    /// <summary>The charger's OCPP connector is not registered as an OCPI connector: no session was opened.</summary>
    public const string ConnectorNotMapped = "connector_not_mapped";
    /// <summary>The session's location is unknown to Charging (Network never published it).</summary>
    public const string LocationUnknown = "location_unknown";
    /// <summary>The location is known but has no such EVSE or connector.</summary>
    public const string ConnectorUnknown = "connector_unknown";
    /// <summary>
    /// The session has no energy reading at all: no register sample, and meter start and stop both 0 (what Ingest reports
    /// when a charger sent none, e.g. an OCPP 2.0.1 transaction without meter values). A real meter rarely reads 0.
    /// </summary>
    public const string MeterValuesMissing = "meter_values_missing";
    /// <summary>The connector has no tariff (only with <c>Roaming:Charging:UnpricedCdrs=NeedsAttention</c>).</summary>
    public const string TariffMissing = "tariff_missing";
    /// <summary>Found by the scan: the session ended without a CDR before these items were kept, and nothing else holds it now.</summary>
    public const string CdrMissing = "cdr_missing";
}

/// <summary>What was known of the transaction when it was recorded. *At are charger-reported, *ReceivedAt ours.</summary>
public sealed record AttentionFacts(
    string ChargePointId,
    string TransactionId,
    /// <summary>The Charging session, when one was opened (every reason but <see cref="AttentionReasons.ConnectorNotMapped"/>).</summary>
    string? SessionId,
    int? OcppEvseId,
    int? OcppConnectorId,
    string? LocationId,
    string? EvseUid,
    string? ConnectorId,
    string? TokenUid,
    string AuthorizationStatus,
    string? AuthMethod,
    string? AuthorizationReference,
    decimal MeterStartWh,
    Instant StartedAt,
    Instant StartReceivedAt,
    decimal? MeterStopWh,
    Instant? StoppedAt,
    Instant? StopReceivedAt,
    string? StopReason,
    bool MeterWentBackwards = false,
    bool ClosedBySweep = false);

/// <summary>A transaction cannot become a complete CDR: <paramref name="Reason"/> (an <see cref="AttentionReasons"/> code) and why.</summary>
public sealed record CdrNeedsAttention(string AttentionId, string Reason, string Text, AttentionFacts Facts, Instant RecordedAt);

/// <summary>Meter values of a transaction on an unmapped connector (no session holds them): kept for the CDR it may become.</summary>
public sealed record AttentionSamplesRecorded(string AttentionId, IReadOnlyList<MeterSampleRecorded> Samples, Instant ReceivedAt);

/// <summary>The transaction on an unmapped connector stopped.</summary>
public sealed record AttentionTransactionStopped(string AttentionId, decimal MeterStopWh, Instant StoppedAt, Instant ReceivedAt, string? Reason,
    bool MeterWentBackwards, bool ClosedBySweep);

/// <summary>
/// An operator gave the missing facts and the CDR <paramref name="CdrId"/> was issued through the normal path. Meter
/// readings are those the operator supplied (null: the charger's were used).
/// </summary>
public sealed record CdrAttentionCompleted(string AttentionId, string LocationId, string EvseUid, string ConnectorId, string? TariffId, string CdrId,
    string Actor, Instant At, decimal? MeterStartWh = null, decimal? MeterStopWh = null);

/// <summary>An operator decided that no CDR is issued for this transaction, and why.</summary>
public sealed record CdrAttentionDiscarded(string AttentionId, string Reason, string Actor, Instant At);

public static class AttentionStates
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Discarded = "discarded";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Open, Completed, Discarded };
}

/// <summary>
/// A CDR needing attention as the operator sees it. <see cref="Samples"/> are the meter values of a transaction on an
/// unmapped connector (a session's stay in its stream); such transactions are rare and short-lived, so they are kept here.
/// </summary>
public sealed record CdrAttentionItem(
    string Id,
    string Reason,
    string Text,
    AttentionFacts Facts,
    IReadOnlyList<MeterSampleRecorded> Samples,
    string State,
    Instant RecordedAt,
    string? CdrId = null,
    string? ClosedBy = null,
    Instant? ClosedAt = null,
    string? DiscardReason = null,
    CdrAttentionCompleted? Completion = null)
{
    public static string IdFor(string sessionId) => DeterministicGuid.From("cdr-attention", sessionId).ToString();

    /// <summary>Whether the transaction stopped: only then can a CDR be issued.</summary>
    public bool Stopped => Facts.StoppedAt is not null;

    public static CdrAttentionItem Begin(CdrNeedsAttention needs) =>
        new(needs.AttentionId, needs.Reason, needs.Text, needs.Facts, [], AttentionStates.Open, needs.RecordedAt);

    public static CdrAttentionItem Fold(CdrAttentionItem item, object @event) => @event switch
    {
        AttentionSamplesRecorded recorded => item with { Samples = [.. item.Samples, .. recorded.Samples] },
        AttentionTransactionStopped stopped => item with
        {
            Facts = item.Facts with
            {
                MeterStopWh = stopped.MeterStopWh, StoppedAt = stopped.StoppedAt, StopReceivedAt = stopped.ReceivedAt, StopReason = stopped.Reason,
                MeterWentBackwards = stopped.MeterWentBackwards, ClosedBySweep = stopped.ClosedBySweep,
            },
        },
        CdrAttentionCompleted completed => item with
        {
            State = AttentionStates.Completed, CdrId = completed.CdrId, ClosedBy = completed.Actor, ClosedAt = completed.At, Completion = completed,
        },
        CdrAttentionDiscarded discarded => item with
        {
            State = AttentionStates.Discarded, ClosedBy = discarded.Actor, ClosedAt = discarded.At, DiscardReason = discarded.Reason,
        },
        _ => item,
    };
}

/// <summary>Inline: the recorder and the operator API read the item back at once.</summary>
public sealed class CdrAttentionItemProjection : SingleStreamProjection<CdrAttentionItem, string>
{
    public CdrAttentionItemProjection()
    {
        IncludeType<CdrNeedsAttention>();
        IncludeType<AttentionSamplesRecorded>();
        IncludeType<AttentionTransactionStopped>();
        IncludeType<CdrAttentionCompleted>();
        IncludeType<CdrAttentionDiscarded>();
    }

    public override CdrAttentionItem? Evolve(CdrAttentionItem? snapshot, string id, IEvent e) =>
        e.Data is CdrNeedsAttention needs ? CdrAttentionItem.Begin(needs)
        : snapshot is null ? null
        : CdrAttentionItem.Fold(snapshot, e.Data);
}
