using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ochp.Client.Tariffs;

/// <summary>Charging changed one of our CPO's tariffs: queue it for the clearing house (e-MSPs re-price our CDRs with it).</summary>
public sealed class OnTariffChangedForClearingHouse(IOchpStore store, IClock clock, IOptions<RoamingOptions> roaming) : IConsumer<TariffChanged>
{
    public async Task Consume(ConsumeContext<TariffChanged> context)
    {
        var tariff = context.Message;
        if (!string.Equals($"{tariff.CountryCode}*{tariff.PartyId}", roaming.Value.Party, StringComparison.OrdinalIgnoreCase))
            return;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("ochp", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnTariffChangedForClearingHouse), context.MessageId, now, context.CancellationToken))
            return;
        var key = $"{tariff.CountryCode}*{tariff.PartyId}*{tariff.TariffId}";
        // Locked: the publish job records its answers to this stream at any moment (StreamLocks).
        var stream = await session.Events.FetchForExclusiveWriting<OwnTariff>(OwnTariffStreams.Of(key), context.CancellationToken);
        stream.AppendOne(new OwnTariffQueued(key, tariff.TariffId, tariff.TariffJson, tariff.Removed, tariff.LastUpdated));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
