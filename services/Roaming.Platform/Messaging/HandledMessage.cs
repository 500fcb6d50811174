using Marten;
using NodaTime;

namespace Roaming.Platform.Messaging;

/// <summary>Inbox row: a message a consumer has handled, stored in the consumer's transaction.</summary>
public sealed record HandledMessage(string Id, string Consumer, Guid MessageId, Instant HandledAt);

public static class Inbox
{
    /// <summary>
    /// Marks the message as handled in this session. Returns false when it was handled before, in which case the
    /// caller does nothing. Two racing deliveries both pass here, but only one commit succeeds (unique id).
    /// </summary>
    public static async Task<bool> TryMarkHandled(this IDocumentSession session, string consumer, Guid? messageId,
        Instant now, CancellationToken cancellationToken)
    {
        if (messageId is null)
            throw new InvalidOperationException($"{consumer}: integration messages must carry a message id.");
        var id = $"{consumer}/{messageId}";
        if (await session.LoadAsync<HandledMessage>(id, cancellationToken) is not null)
            return false;
        session.Insert(new HandledMessage(id, consumer, messageId.Value, now));
        return true;
    }
}
