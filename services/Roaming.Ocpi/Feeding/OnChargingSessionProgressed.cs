using System.Text.Json.Nodes;
using MassTransit;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Messaging;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Feeding;

/// <summary>
/// A running session of ours moved on (Charging priced its new readings): the ACTIVE session takes the new <c>kwh</c>,
/// <c>total_cost</c> (only when a tariff applies: absent is not free) and the charging periods that are closed, and the
/// e-MSP gets a PATCH of what changed. The last period stays out until the next one starts: it still grows, and a PATCH
/// can only append periods (ocpi.md 7.7). With a broker; the embedded default hands these to <see cref="ChargingSessionFeed"/> in batches.
/// </summary>
public sealed class OnChargingSessionProgressed(ChargingSessionFeed feed) : IConsumer<ChargingSessionProgressed>
{
    public static JsonObject Progressed(JsonObject active, ChargingSessionProgressed progressed, Instant lastUpdated)
    {
        var session = (JsonObject)active.DeepClone();
        session["kwh"] = progressed.Kwh;
        if (progressed.TotalCostExclVat is { } exclVat)
        {
            var cost = new JsonObject { ["excl_vat"] = exclVat };
            if (progressed.TotalCostInclVat is { } inclVat)
                cost["incl_vat"] = inclVat;
            session["total_cost"] = cost;
        }
        if (progressed.Currency is not null)
            session["currency"] = progressed.Currency;
        if (progressed.ChargingPeriodsJson is not null && JsonNode.Parse(progressed.ChargingPeriodsJson) is JsonArray { Count: > 1 } periods)
            session["charging_periods"] = new JsonArray([.. periods.Take(periods.Count - 1).Select(p => p?.DeepClone())]);
        session["last_updated"] = OcpiDateTime.Format(lastUpdated);
        return session;
    }

    /// <summary>The ACTIVE session object moved on by <paramref name="progressed"/>; null when there is none (unknown or completed).</summary>
    public static OcpiObject? Progressed(OcpiObject? active, ChargingSessionProgressed progressed)
    {
        if (active is null || JsonNode.Parse(active.Json) is not JsonObject json || !IsActive(json))
            return null;
        // last_updated never goes back: the object may have been stored after the charger's reading time.
        var lastUpdated = Instant.Max(progressed.At, active.LastUpdated);
        return active with { Json = Progressed(json, progressed, lastUpdated).ToJsonString(), LastUpdated = lastUpdated };
    }

    public static bool IsActive(JsonObject session) => session["status"]?.GetValue<string>() == "ACTIVE";

    public Task Consume(ConsumeContext<ChargingSessionProgressed> context) => feed.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}
