using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Roaming.Platform.Messaging.Parking;

public enum ReplayOutcome
{
    /// <summary>The consumer handled it (or its inbox says it had): the record is resolved.</summary>
    Resolved,

    /// <summary>The consumer failed again: one more attempt and the new error are recorded; it stays parked.</summary>
    Failed,

    /// <summary>An earlier parked message of the same consumer and ordering key must be replayed first.</summary>
    WaitsBehind,

    /// <summary>Not parked any more (resolved or discarded).</summary>
    NotParked,

    /// <summary>The consumer's service does not run in this process: replay it where it does.</summary>
    ConsumerNotRunning,
}

public sealed record ReplayResult(ReplayOutcome Outcome, ParkedMessage Parked, Guid? WaitsBehind = null);

/// <summary>
/// Delivers a parked message again to its one consumer, in this process: a batch consumer gets it as a batch of one, a
/// per-message consumer through the mediator with every other consumer skipped. The consumer's inbox makes a replay
/// of a message it did handle after all change nothing.
/// </summary>
public sealed class ParkedMessageReplayer(ParkingLot parking, IServiceProvider services)
{
    public async Task<ReplayResult> Replay(ParkedMessage parked, CancellationToken cancellationToken)
    {
        if (parked.Status != ParkedMessageStatus.Parked)
            return new ReplayResult(ReplayOutcome.NotParked, parked);
        if (await parking.ParkedBefore(parked, cancellationToken) is { } earlier)
            return new ReplayResult(ReplayOutcome.WaitsBehind, parked, earlier.Id);

        var message = new IntegrationMessage(ParkingLot.ReadPayload(parked), parked.MessageId, parked.CorrelationId)
        {
            OrderingKey = parked.OrderingKey,
            Sequence = parked.Sequence,
        };
        try
        {
            if (!await Deliver(parked.Consumer, message, cancellationToken))
                return new ReplayResult(ReplayOutcome.ConsumerNotRunning, parked);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new ReplayResult(ReplayOutcome.Failed, await parking.RecordFailedReplay(parked, exception, cancellationToken));
        }
        return new ReplayResult(ReplayOutcome.Resolved, await parking.Resolve(parked, cancellationToken));
    }

    /// <summary>Every parked message (of a consumer, of a type), oldest first per consumer and ordering key.</summary>
    public async Task<IReadOnlyList<ReplayResult>> ReplayAll(string? consumer, string? messageType, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        for (var offset = 0; ; offset += Http.Paging.MaxLimit)
        {
            var page = await parking.List(ParkedMessageStatus.Parked, consumer, messageType, offset, Http.Paging.MaxLimit, cancellationToken);
            ids.AddRange(page.Select(p => p.Id));
            if (page.Count < Http.Paging.MaxLimit)
                break;
        }
        var results = new List<ReplayResult>();
        foreach (var id in ids)
        {
            // Reloaded: replaying an earlier one may not have changed it, but an operator may have discarded it meanwhile.
            if (await parking.Find(id, cancellationToken) is { } parked)
                results.Add(await Replay(parked, cancellationToken));
        }
        return results;
    }

    private async Task<bool> Deliver(string consumer, IntegrationMessage message, CancellationToken cancellationToken)
    {
        if (services.GetServices<IIntegrationBatchConsumer>().FirstOrDefault(c => ConsumerNames.Of(c.GetType()) == consumer) is { } batch)
        {
            await batch.Consume([message], cancellationToken);
            return true;
        }
        if (services.GetService<IMediator>() is not { } mediator)
            return false;
        var delivery = OutboxDelivery.Replay(consumer, message, cancellationToken);
        using (delivery.Begin())
            await mediator.Publish(message.Message, message.Message.GetType(),
                context => MediatorIntegrationBus.Stamp(context, message.MessageId, message.CorrelationId), cancellationToken);
        return delivery.Delivered;
    }
}
