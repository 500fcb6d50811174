using MassTransit;
using MassTransit.Mediator;

namespace Roaming.Platform.Messaging;

/// <summary>
/// Publishes one integration message from <c>contracts/</c>. The message id is the id of the stored event that
/// caused it, so consumers deduplicate re-publication after a crash.
/// </summary>
public interface IIntegrationBus
{
    Task Publish(object message, Guid messageId, string? correlationId, CancellationToken cancellationToken);
}

/// <summary>
/// Embedded default: the mediator runs every consumer before <see cref="Publish"/> returns, so the outbox checkpoint
/// never passes a message whose consumers have not finished (a kill -9 re-publishes instead of losing it).
/// </summary>
internal sealed class MediatorIntegrationBus(IMediator mediator) : IIntegrationBus
{
    public Task Publish(object message, Guid messageId, string? correlationId, CancellationToken cancellationToken) =>
        mediator.Publish(message, message.GetType(), context => Stamp(context, messageId, correlationId), cancellationToken);

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
}
