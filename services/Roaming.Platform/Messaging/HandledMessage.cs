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

public static class InboxBatches
{
    /// <summary>
    /// Marks a batch of messages as handled in this session with one query: returns, in order, those not handled
    /// before (nor earlier in the batch), which the caller applies in the same commit. <paramref name="consumerOf"/>
    /// names the inbox consumer of each message type, the same name its per-message consumer uses, so a message
    /// handled one way is never handled again the other way.
    /// </summary>
    public static async Task<IReadOnlyList<IntegrationMessage>> MarkUnhandled(this IDocumentSession session,
        IReadOnlyList<IntegrationMessage> messages, Func<Type, string> consumerOf, Instant now, CancellationToken cancellationToken)
    {
        var keyed = messages.Select(m => (Message: m, Consumer: consumerOf(m.Message.GetType()))).ToList();
        var ids = keyed.Select(k => $"{k.Consumer}/{k.Message.MessageId}").ToArray();
        var handled = (await session.LoadManyAsync<HandledMessage>(cancellationToken, ids)).Select(h => h.Id).ToHashSet();
        var fresh = new List<IntegrationMessage>();
        for (var i = 0; i < keyed.Count; i++)
        {
            if (!handled.Add(ids[i]))
                continue;
            session.Insert(new HandledMessage(ids[i], keyed[i].Consumer, keyed[i].Message.MessageId, now));
            fresh.Add(keyed[i].Message);
        }
        return fresh;
    }
}
