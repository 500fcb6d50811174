using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;

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
/// mediator for the per-message consumers of other services.
/// </summary>
internal sealed class MediatorIntegrationBus(IMediator mediator, IServiceProvider services) : IIntegrationBus
{
    /// <summary>The mediator's per-message retry intervals (BusRegistration), for a batch that hit a transient fault.</summary>
    internal static readonly int[] RetryIntervalsMs = [50, 200, 500, 1000, 2000];

    // Resolved at the first publish, not in the constructor: batch consumers need their service's store, whose outbox
    // subscription needs this bus, so resolving them while the stores are built would wait on itself.
    private readonly Lazy<IIntegrationBatchConsumer[]> _batchConsumers =
        new(() => services.GetServices<IIntegrationBatchConsumer>().ToArray());

    public Task Publish(object message, Guid messageId, string? correlationId, CancellationToken cancellationToken) =>
        PublishPage([new IntegrationMessage(message, messageId, correlationId)], cancellationToken);

    public async Task PublishPage(IReadOnlyList<IntegrationMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var consumer in _batchConsumers.Value)
        {
            var batch = messages.Where(m => consumer.Handles(m.Message.GetType())).ToList();
            if (batch.Count > 0)
                await WithRetries(() => consumer.Consume(batch, cancellationToken), cancellationToken);
        }
        foreach (var message in messages)
            await mediator.Publish(message.Message, message.Message.GetType(), context => Stamp(context, message.MessageId, message.CorrelationId),
                cancellationToken);
    }

    private static async Task WithRetries(Func<Task> consume, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await consume();
                return;
            }
            catch (Exception) when (attempt < RetryIntervalsMs.Length && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(RetryIntervalsMs[attempt], cancellationToken);
            }
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
