using System.Diagnostics.Metrics;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Platform.Json;

namespace Roaming.Platform.Messaging.Parking;

/// <summary>
/// Parked messages in the Platform schema: what the embedded bus records when a consumer gives up on a message, and what
/// operators list, replay and discard. Also the <c>roaming.messaging.parked</c> gauge (parked, neither replayed nor discarded).
/// </summary>
public sealed class ParkingLot
{
    private static readonly Meter Meter = new("Roaming.Platform");
    private static readonly JsonSerializerOptions PayloadJson = RoamingJson.ConfigureForMessages(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly IPlatformStore _store;
    private readonly IClock _clock;
    private readonly ILogger<ParkingLot> _logger;
    private long _parked;

    public ParkingLot(IPlatformStore store, IClock clock, ILogger<ParkingLot> logger)
    {
        _store = store;
        _clock = clock;
        _logger = logger;
        Meter.CreateObservableGauge("roaming.messaging.parked", () => Interlocked.Read(ref _parked),
            description: "Integration messages parked on the embedded bus, waiting for an operator (replay or discard)");
    }

    /// <summary>
    /// The oldest parked message of every consumer and ordering key: a later message of that key parks behind it.
    /// Read once per outbox page (normally an empty answer), so parking done by another process is seen at the next page.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Consumer, string Key), Guid>> ParkedHeads(CancellationToken cancellationToken)
    {
        await using var session = _store.QuerySession();
        var parked = await session.Query<ParkedMessage>()
            .Where(p => p.Status == ParkedMessageStatus.Parked)
            .Select(p => new { p.Id, p.Consumer, p.OrderingKey, p.Sequence })
            .ToListAsync(cancellationToken);
        Interlocked.Exchange(ref _parked, parked.Count);
        return parked.Where(p => p.OrderingKey is not null)
            .GroupBy(p => (p.Consumer, p.OrderingKey!))
            .ToDictionary(g => g.Key, g => g.MinBy(p => p.Sequence)!.Id);
    }

    public async Task<long> CountParked(CancellationToken cancellationToken)
    {
        await using var session = _store.QuerySession();
        long count = await session.Query<ParkedMessage>().CountAsync(p => p.Status == ParkedMessageStatus.Parked, cancellationToken);
        Interlocked.Exchange(ref _parked, count);
        return count;
    }

    /// <summary>
    /// Records that <paramref name="consumer"/> failed <paramref name="attempts"/> times on the message. Parked again
    /// (a page re-published after a crash): the attempts add up. Once replayed or discarded, the record is left alone.
    /// </summary>
    public async Task<Guid> Park(string consumer, IntegrationMessage message, Exception failure, int attempts, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var id = ParkedMessage.IdFor(consumer, message.MessageId);
        await using var session = _store.LightweightSession();
        var existing = await session.LoadAsync<ParkedMessage>(id, cancellationToken);
        if (existing is null)
            session.Insert(New(id, consumer, message, now) with { Error = Summary(failure), Attempts = attempts });
        else if (existing.Status == ParkedMessageStatus.Parked)
            session.Update(existing with { Error = Summary(failure), Attempts = existing.Attempts + attempts, LastFailedAt = now, ParkedBehind = null });
        await session.SaveChangesAsync(cancellationToken);
        if (existing is null)
            Interlocked.Increment(ref _parked);
        _logger.LogError(failure, "Parked message {MessageId} ({MessageType}) for {Consumer} after {Attempts} attempts",
            message.MessageId, message.Message.GetType().FullName, consumer, attempts);
        return id;
    }

    /// <summary>Parks a message of the same consumer and ordering key as the parked <paramref name="head"/>, unattempted.</summary>
    public async Task ParkBehind(string consumer, IntegrationMessage message, Guid head, CancellationToken cancellationToken)
    {
        var id = ParkedMessage.IdFor(consumer, message.MessageId);
        await using var session = _store.LightweightSession();
        if (await session.LoadAsync<ParkedMessage>(id, cancellationToken) is not null)
            return;
        session.Insert(New(id, consumer, message, _clock.GetCurrentInstant()) with { ParkedBehind = head });
        await session.SaveChangesAsync(cancellationToken);
        Interlocked.Increment(ref _parked);
        _logger.LogWarning("Parked message {MessageId} ({MessageType}) for {Consumer} behind parked {Head} (same ordering key {Key})",
            message.MessageId, message.Message.GetType().FullName, consumer, head, message.OrderingKey);
    }

    public async Task<ParkedMessage?> Find(Guid id, CancellationToken cancellationToken)
    {
        await using var session = _store.QuerySession();
        return await session.LoadAsync<ParkedMessage>(id, cancellationToken);
    }

    /// <summary>Oldest first (by consumer, then the order they were published in).</summary>
    public async Task<IReadOnlyList<ParkedMessage>> List(ParkedMessageStatus status, string? consumer, string? messageType,
        int offset, int limit, CancellationToken cancellationToken)
    {
        await using var session = _store.QuerySession();
        var query = session.Query<ParkedMessage>().Where(p => p.Status == status);
        if (consumer is not null)
            query = query.Where(p => p.Consumer == consumer || p.Consumer.EndsWith("." + consumer));
        if (messageType is not null)
            query = query.Where(p => p.MessageType == messageType || p.MessageType.EndsWith("." + messageType));
        return await query.OrderBy(p => p.Consumer).ThenBy(p => p.Sequence).ThenBy(p => p.FirstFailedAt)
            .Skip(offset).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>A parked message of the same consumer and ordering key published before <paramref name="parked"/>: replay that one first.</summary>
    public async Task<ParkedMessage?> ParkedBefore(ParkedMessage parked, CancellationToken cancellationToken)
    {
        if (parked.OrderingKey is null)
            return null;
        await using var session = _store.QuerySession();
        return await session.Query<ParkedMessage>()
            .Where(p => p.Status == ParkedMessageStatus.Parked && p.Consumer == parked.Consumer && p.OrderingKey == parked.OrderingKey
                        && p.Sequence < parked.Sequence)
            .OrderBy(p => p.Sequence).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Handled after all. The payload goes (JSON <c>null</c>): the effect is in the consumer's store and the event in the
    /// publisher's log, and a payload may carry personal data that <c>roaming audit forget</c> does not reach here.
    /// A discarded record drops it for the same reason; the event stays in the publisher's log.
    /// </summary>
    public Task<ParkedMessage> Resolve(ParkedMessage parked, CancellationToken cancellationToken) =>
        Close(parked with { Status = ParkedMessageStatus.Resolved, ClosedAt = _clock.GetCurrentInstant(), Payload = "null" }, cancellationToken);

    public Task<ParkedMessage> Discard(ParkedMessage parked, string reason, CancellationToken cancellationToken) =>
        Close(parked with { Status = ParkedMessageStatus.Discarded, ClosedAt = _clock.GetCurrentInstant(), DiscardReason = reason,
            Payload = "null" }, cancellationToken);

    /// <summary>A replay that failed: one more attempt, the new error; it stays parked.</summary>
    public async Task<ParkedMessage> RecordFailedReplay(ParkedMessage parked, Exception failure, CancellationToken cancellationToken)
    {
        var updated = parked with { Error = Summary(failure), Attempts = parked.Attempts + 1, LastFailedAt = _clock.GetCurrentInstant() };
        await using var session = _store.LightweightSession();
        session.Update(updated);
        await session.SaveChangesAsync(cancellationToken);
        _logger.LogError(failure, "Replay of parked message {MessageId} for {Consumer} failed", parked.MessageId, parked.Consumer);
        return updated;
    }

    public static object ReadPayload(ParkedMessage parked)
    {
        var type = Type.GetType(parked.MessageClrType, throwOnError: true)!;
        return JsonSerializer.Deserialize(parked.Payload, type, PayloadJson)
               ?? throw new InvalidOperationException($"parked message {parked.Id} has an empty payload");
    }

    private async Task<ParkedMessage> Close(ParkedMessage closed, CancellationToken cancellationToken)
    {
        await using var session = _store.LightweightSession();
        session.Update(closed);
        await session.SaveChangesAsync(cancellationToken);
        await CountParked(cancellationToken);
        return closed;
    }

    private static ParkedMessage New(Guid id, string consumer, IntegrationMessage message, Instant now)
    {
        var type = message.Message.GetType();
        return new ParkedMessage
        {
            Id = id,
            Consumer = consumer,
            MessageType = type.FullName ?? type.Name,
            MessageClrType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Payload = JsonSerializer.Serialize(message.Message, type, PayloadJson),
            MessageId = message.MessageId,
            CorrelationId = message.CorrelationId,
            OrderingKey = message.OrderingKey,
            Sequence = message.Sequence,
            Status = ParkedMessageStatus.Parked,
            FirstFailedAt = now,
            LastFailedAt = now,
        };
    }

    private static string Summary(Exception failure)
    {
        var root = failure is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : failure;
        var summary = $"{root.GetType().FullName}: {root.Message}";
        return summary.Length <= 2000 ? summary : summary[..2000];
    }
}
