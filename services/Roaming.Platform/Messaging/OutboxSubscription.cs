using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Logging;

namespace Roaming.Platform.Messaging;

/// <summary>
/// The event store is the outbox: this checkpointed subscription publishes the integration messages of committed
/// events in sequence order. Marten stores the checkpoint only after a page has been processed, so a crash
/// re-publishes (at least once) and never skips; consumers deduplicate on the message id (= event id). A page's messages
/// are published together, so batch consumers can handle them in one commit.
/// </summary>
public sealed class OutboxSubscription<TStore> : SubscriptionBase
{
    /// <summary>Qualifies stream keys in ordering keys: two services' stores may both have a stream "CP1".</summary>
    private static readonly string OrderingScope = typeof(TStore).Name;

    private readonly IIntegrationEventMap<TStore> _map;
    private readonly IIntegrationBus _bus;
    private readonly ILogger<OutboxSubscription<TStore>> _logger;

    public OutboxSubscription(IIntegrationEventMap<TStore> map, IIntegrationBus bus, ILogger<OutboxSubscription<TStore>> logger)
    {
        _map = map;
        _bus = bus;
        _logger = logger;
        Name = "outbox";
        foreach (var published in map.PublishedEventTypes ?? [])
            IncludeType(published);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var messages = new List<IntegrationMessage>();
        foreach (var stored in page.Events)
        {
            if (await _map.ToMessageAsync(stored, cancellationToken) is { } message)
                messages.Add(new IntegrationMessage(message, stored.Id, stored.CorrelationId)
                {
                    OrderingKey = $"{OrderingScope}/{stored.StreamKey ?? stored.StreamId.ToString()}",
                    Sequence = stored.Sequence,
                });
        }
        // The whole page at once: batch consumers commit its messages together (IIntegrationBatchConsumer).
        if (messages.Count > 0)
            await _bus.PublishPage(messages, cancellationToken);
        _logger.LogDebug("Published {Count} messages for events up to {Sequence}", messages.Count, page.SequenceCeiling);
        return NullChangeListener.Instance;
    }
}
