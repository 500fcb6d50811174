using System.Collections.Concurrent;

namespace Roaming.Platform.Messaging.Parking;

/// <summary>
/// The delivery running on this async flow, for the parking filter inside the mediator's consumer pipes: either an outbox
/// page (its messages with their ordering keys, the keys each consumer has parked) or an operator's replay to one
/// consumer. An <see cref="AsyncLocal{T}"/> because the mediator's pipes carry no state of ours from the publisher to a
/// consumer's filter, and each outbox subscription (one per service) publishes on its own flow.
/// </summary>
public sealed class OutboxDelivery
{
    private static readonly AsyncLocal<OutboxDelivery?> Running = new();

    private readonly Dictionary<Guid, IntegrationMessage> _messages;
    private readonly ConcurrentDictionary<(string Consumer, string Key), Guid> _parkedHeads;
    private int _delivered;

    private OutboxDelivery(IReadOnlyList<IntegrationMessage> messages, IReadOnlyDictionary<(string, string), Guid> parkedHeads, string? replayTo,
        CancellationToken cancellation)
    {
        _messages = messages.ToDictionary(m => m.MessageId);
        _parkedHeads = new ConcurrentDictionary<(string, string), Guid>(parkedHeads);
        ReplayTo = replayTo;
        Cancellation = cancellation;
    }

    public static OutboxDelivery? OnThisFlow => Running.Value;

    public static OutboxDelivery Page(IReadOnlyList<IntegrationMessage> messages, IReadOnlyDictionary<(string, string), Guid> parkedHeads,
        CancellationToken cancellation) =>
        new(messages, parkedHeads, null, cancellation);

    public static OutboxDelivery Replay(string consumer, IntegrationMessage message, CancellationToken cancellation) =>
        new([message], new Dictionary<(string, string), Guid>(), consumer, cancellation);

    /// <summary>
    /// The outbox's (or the replay's) token: a consumer failing while it is cancelled failed because the host stops, and
    /// that message must not be parked (the outbox delivers it again at the next start).
    /// </summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Only this consumer gets a replayed message; the others handled it when it was first published.</summary>
    public string? ReplayTo { get; }

    /// <summary>Whether a replay reached its consumer (false: the consumer does not run in this process).</summary>
    public bool Delivered => Volatile.Read(ref _delivered) == 1;

    public void MarkDelivered() => Volatile.Write(ref _delivered, 1);

    /// <summary>The delivered integration message of this id; null for anything else on the mediator (a request a consumer sends).</summary>
    public IntegrationMessage? Message(Guid? messageId) => messageId is { } id ? _messages.GetValueOrDefault(id) : null;

    /// <summary>The parked message a later message of this consumer and key must wait behind, if any.</summary>
    public Guid? ParkedHead(string consumer, string? key) =>
        key is not null && _parkedHeads.TryGetValue((consumer, key), out var head) ? head : null;

    public void Parked(string consumer, string? key, Guid parked)
    {
        if (key is not null)
            _parkedHeads.TryAdd((consumer, key), parked);
    }

    /// <summary>Makes this the delivery of the current flow until disposed.</summary>
    public Scope Begin()
    {
        var previous = Running.Value;
        Running.Value = this;
        return new Scope(previous);
    }

    public readonly struct Scope(OutboxDelivery? previous) : IDisposable
    {
        public void Dispose() => Running.Value = previous;
    }
}
