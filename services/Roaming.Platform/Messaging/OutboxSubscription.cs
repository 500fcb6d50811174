using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Logging;

namespace Roaming.Platform.Messaging;

/// <summary>
/// The event store is the outbox: this checkpointed subscription publishes the integration messages of committed
/// events in sequence order. Marten stores the checkpoint only after a page has been processed, so a crash
/// re-publishes (at least once) and never skips; consumers deduplicate on the message id (= event id).
/// </summary>
public sealed class OutboxSubscription<TStore> : SubscriptionBase
{
    private readonly IIntegrationEventMap<TStore> _map;
    private readonly IIntegrationBus _bus;
    private readonly ILogger<OutboxSubscription<TStore>> _logger;

    public OutboxSubscription(IIntegrationEventMap<TStore> map, IIntegrationBus bus, ILogger<OutboxSubscription<TStore>> logger)
    {
        _map = map;
        _bus = bus;
        _logger = logger;
        Name = "outbox";
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var stored in page.Events)
        {
            var message = await _map.ToMessageAsync(stored, cancellationToken);
            if (message is null)
                continue;
            await _bus.Publish(message, stored.Id, stored.CorrelationId, cancellationToken);
            _logger.LogDebug("Published {MessageType} for event {Sequence}", message.GetType().Name, stored.Sequence);
        }
        return NullChangeListener.Instance;
    }
}
