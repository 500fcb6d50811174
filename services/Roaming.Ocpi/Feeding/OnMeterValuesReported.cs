using System.Text.Json.Nodes;
using Marten;
using MassTransit;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Feeding;

/// <summary>
/// A running session of ours reported energy: the ACTIVE session's <c>kwh</c> follows, and the e-MSP gets a PATCH of what
/// changed (<c>kwh</c>, <c>last_updated</c>). Cost stays out of the PATCH (absent is not free): Charging does not publish
/// the running cost, so total_cost comes with the CDR.
/// </summary>
public sealed class OnMeterValuesReported(IOcpiStore store, IClock clock) : IConsumer<MeterValuesReported>
{
    /// <summary>Energy since the start from the latest register reading, never negative; null when the samples carry no register.</summary>
    public static (decimal Kwh, Instant At)? Progress(IReadOnlyList<MeterSample> samples, decimal meterStartWh)
    {
        var latest = samples.Where(s => s.Measurand == "Energy.Active.Import.Register" && s.Phase is null && s.Value is not null)
            .OrderBy(s => s.ReportedAt).LastOrDefault();
        if (latest is null)
            return null;
        var wh = string.Equals(latest.Unit, "kWh", StringComparison.OrdinalIgnoreCase) ? latest.Value!.Value * 1000m : latest.Value!.Value;
        return (Math.Max(0m, wh - meterStartWh) / 1000m, latest.ReportedAt);
    }

    public async Task Consume(ConsumeContext<MeterValuesReported> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = await Feed.Open(store, context, nameof(OnMeterValuesReported), now);
        if (session is null)
            return;
        var message = context.Message;
        var route = await session.Query<SessionRoute>()
            .FirstOrDefaultAsync(r => r.ChargePointId == message.ChargePointId && r.TransactionId == message.TransactionId, context.CancellationToken);
        var active = route?.SessionKey is null ? null : await session.LoadAsync<OcpiObject>(route.SessionKey, context.CancellationToken);
        var progress = route?.MeterStartWh is { } start ? Progress(message.Samples, start) : null;
        if (active is not null && progress is { } reading && JsonNode.Parse(active.Json) is JsonObject json && json["status"]?.GetValue<string>() == "ACTIVE")
        {
            var lastUpdated = OcpiDateTime.Format(Instant.Max(reading.At, active.LastUpdated));
            json["kwh"] = reading.Kwh;
            json["last_updated"] = lastUpdated;
            var updated = active with { Json = json.ToJsonString(), LastUpdated = Instant.Max(reading.At, active.LastUpdated) };
            await Feed.PublishChanges(session, updated, (sent, current) => Feed.SessionPushes(sent, current, updated), $"{updated.Id}/{context.MessageId}",
                now, context.CancellationToken);
        }
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
