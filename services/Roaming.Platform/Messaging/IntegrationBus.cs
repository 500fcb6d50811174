using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging.Parking;

namespace Roaming.Platform.Messaging;

/// <summary>
/// Publishes integration messages from <c>contracts/</c>. The message id is the id of the stored event that caused it,
/// so consumers deduplicate re-publication after a crash.
/// </summary>
public interface IIntegrationBus
{
    Task Publish(object message, Guid messageId, string? correlationId, CancellationToken cancellationToken);

    /// <summary>The messages of one outbox page, in order; returns when they are handled (mediator) or confirmed (broker).</summary>
    Task PublishPage(IReadOnlyList<IntegrationMessage> messages, CancellationToken cancellationToken);
}

/// <summary>
/// Embedded default: the mediator runs every consumer before <see cref="Publish"/> returns, so the outbox checkpoint
/// never passes a message whose consumers have not finished (a kill -9 re-publishes instead of losing it). A page's
/// messages that a batch consumer handles go to it in one call (one commit), then every message goes through the
/// mediator for the per-message consumers of other services. A consumer that still fails after its retries parks the
/// message (<see cref="ParkingLot"/>) instead of stopping the outbox: nothing is lost, and the rest flows.
/// </summary>
internal sealed class MediatorIntegrationBus(IMediator mediator, IServiceProvider services, ParkingLot parking,
    IOptions<RoamingOptions> options) : IIntegrationBus
{
    // Resolved at the first publish, not in the constructor: batch consumers need their service's store, whose outbox
    // subscription needs this bus, so resolving them while the stores are built would wait on itself.
    private readonly Lazy<IIntegrationBatchConsumer[]> _batchConsumers =
        new(() => services.GetServices<IIntegrationBatchConsumer>().ToArray());

    public Task Publish(object message, Guid messageId, string? correlationId, CancellationToken cancellationToken) =>
        PublishPage([new IntegrationMessage(message, messageId, correlationId)], cancellationToken);

    public async Task PublishPage(IReadOnlyList<IntegrationMessage> messages, CancellationToken cancellationToken)
    {
        var delivery = OutboxDelivery.Page(messages, await parking.ParkedHeads(cancellationToken), cancellationToken);
        using var running = delivery.Begin();
        foreach (var consumer in _batchConsumers.Value)
        {
            var batch = messages.Where(m => consumer.Handles(m.Message.GetType())).ToList();
            if (batch.Count > 0)
                await ConsumeBatch(consumer, batch, delivery, cancellationToken);
        }
        foreach (var message in messages)
            await mediator.Publish(message.Message, message.Message.GetType(), context => Stamp(context, message.MessageId, message.CorrelationId),
                cancellationToken);
    }

    /// <summary>
    /// The batch in one call; when it fails every attempt, its messages one by one, so only a message that fails on its
    /// own is parked (and those of its ordering key after it) and the good ones of the batch are handled.
    /// </summary>
    private async Task ConsumeBatch(IIntegrationBatchConsumer consumer, List<IntegrationMessage> batch, OutboxDelivery delivery,
        CancellationToken cancellationToken)
    {
        var name = ConsumerNames.Of(consumer.GetType());
        var deliverable = new List<IntegrationMessage>(batch.Count);
        foreach (var message in batch)
        {
            if (delivery.ParkedHead(name, message.OrderingKey) is { } head)
                await parking.ParkBehind(name, message, head, cancellationToken);
            else
                deliverable.Add(message);
        }
        var retries = options.Value.RetryIntervals;
        if (deliverable.Count == 0 || await ConsumerAttempts.Run(() => consumer.Consume(deliverable, cancellationToken), retries, cancellationToken) is null)
            return;
        foreach (var message in deliverable)
        {
            if (delivery.ParkedHead(name, message.OrderingKey) is { } head)
                await parking.ParkBehind(name, message, head, cancellationToken);
            else if (await ConsumerAttempts.Run(() => consumer.Consume([message], cancellationToken), retries, cancellationToken) is { } failure)
                delivery.Parked(name, message.OrderingKey, await parking.Park(name, message, failure.Exception, failure.Attempts, cancellationToken));
        }
    }

    internal static void Stamp(PublishContext context, Guid messageId, string? correlationId)
    {
        context.MessageId = messageId;
        if (Guid.TryParse(correlationId, out var correlation))
            context.CorrelationId = correlation;
    }
}

/// <summary>RabbitMQ: a completed publish means the broker confirmed a persistent message on durable queues.</summary>
internal sealed class BrokerIntegrationBus(IBus bus) : IIntegrationBus
{
    public Task Publish(object message, Guid messageId, string? correlationId, CancellationToken cancellationToken) =>
        bus.Publish(message, message.GetType(), context => MediatorIntegrationBus.Stamp(context, messageId, correlationId), cancellationToken);

    public async Task PublishPage(IReadOnlyList<IntegrationMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
            await Publish(message.Message, message.MessageId, message.CorrelationId, cancellationToken);
    }
}
