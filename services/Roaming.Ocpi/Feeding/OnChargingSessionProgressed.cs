using System.Text.Json.Nodes;
using Marten;
using MassTransit;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Feeding;

/// <summary>
/// A running session of ours moved on (Charging priced its new readings): the ACTIVE session takes the new <c>kwh</c>,
/// <c>total_cost</c> (only when a tariff applies: absent is not free) and the charging periods that are closed, and the
/// e-MSP gets a PATCH of what changed. The last period stays out until the next one starts: it still grows, and a PATCH
/// can only append periods (ocpi.md 7.7).
/// </summary>
public sealed class OnChargingSessionProgressed(IOcpiStore store, IClock clock, HolderFields holders) : IConsumer<ChargingSessionProgressed>
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

    public async Task Consume(ConsumeContext<ChargingSessionProgressed> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = await Feed.Open(store, context, nameof(OnChargingSessionProgressed), now);
        if (session is null)
            return;
        var message = context.Message;
        var active = await session.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Sessions, message.CountryCode, message.PartyId, message.SessionId),
            context.CancellationToken);
        if (active is not null && JsonNode.Parse(active.Json) is JsonObject json && json["status"]?.GetValue<string>() == "ACTIVE")
        {
            // last_updated never goes back: the object may have been stored after the charger's reading time.
            var lastUpdated = Instant.Max(message.At, active.LastUpdated);
            var updated = active with { Json = Progressed(json, message, lastUpdated).ToJsonString(), LastUpdated = lastUpdated };
            await Feed.PublishChanges(session, updated, (sent, current) => Feed.SessionPushes(sent, current, updated), holders, $"{updated.Id}/{context.MessageId}",
                now, context.CancellationToken);
        }
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
