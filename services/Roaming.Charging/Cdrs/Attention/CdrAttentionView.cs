using NodaTime;
using Roaming.Charging.Sessions;

namespace Roaming.Charging.Cdrs.Attention;

/// <summary>
/// A CDR needing attention as the operator API shows it: the item without its meter values (their count and the last
/// energy reading instead; <c>GET …/{id}</c> lists them).
/// </summary>
public sealed record CdrAttentionView(string Id, string Reason, string Text, string State, AttentionFacts Facts, int MeterSampleCount,
    MeterSampleRecorded? LastEnergyReading, Instant RecordedAt, string? CdrId, string? ClosedBy, Instant? ClosedAt, string? DiscardReason,
    CdrAttentionCompleted? Completion, IReadOnlyList<MeterSampleRecorded>? Samples = null)
{
    public static CdrAttentionView Of(CdrAttentionItem item, bool withSamples = false) =>
        new(item.Id, item.Reason, item.Text, item.State, item.Facts, item.Samples.Count, ChargingSession.LatestEnergyReading(item.Samples),
            item.RecordedAt, item.CdrId, item.ClosedBy, item.ClosedAt, item.DiscardReason, item.Completion, withSamples ? item.Samples : null);
}
