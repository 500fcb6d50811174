namespace Roaming.Platform.Messaging;

/// <summary>One integration message as the outbox publishes it: the message id is the id of the stored event that caused it.</summary>
public sealed record IntegrationMessage(object Message, Guid MessageId, string? CorrelationId)
{
    /// <summary>
    /// The stream of the stored event, qualified by its store: a consumer's messages of one key are handled in order, so
    /// when one is parked the later ones of that key park behind it (docs/operations.md, Parked messages). Null: no order to keep.
    /// </summary>
    public string? OrderingKey { get; init; }

    /// <summary>The stored event's sequence in its store: the order of parked messages of one key.</summary>
    public long Sequence { get; init; }
}

/// <summary>
/// A consumer that handles many messages in one transaction (one inbox check, one load of what they touch, one commit),
/// because one commit per message cannot keep up with thousands of chargers. In the embedded default the outbox hands
/// it, per page of stored events, every message of the types it <see cref="Handles"/>, in publication order; the same
/// types must then not also have per-message consumers registered with the mediator (or they would run twice). With
/// a broker, its per-message consumers call it with one message each.
/// <para>It must apply the messages in the order given, record each message id in the inbox in the same commit as its
/// effect, and skip the ids already there, so a page published again after a crash changes nothing.</para>
/// </summary>
public interface IIntegrationBatchConsumer
{
    bool Handles(Type messageType);

    Task Consume(IReadOnlyList<IntegrationMessage> messages, CancellationToken cancellationToken);
}

public static class IntegrationMessages
{
    /// <summary>The message a broker delivered, for a batch consumer called with one message.</summary>
    public static IntegrationMessage ToIntegrationMessage<T>(this MassTransit.ConsumeContext<T> context) where T : class =>
        new(context.Message, context.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name}: integration messages must carry a message id."),
            context.CorrelationId?.ToString());
}
