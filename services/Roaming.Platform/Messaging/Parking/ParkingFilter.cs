using MassTransit;

namespace Roaming.Platform.Messaging.Parking;

/// <summary>
/// Adds <see cref="ParkingFilter{TMessage}"/> to every consumer's pipe on the mediator, before the consumer factory, so
/// each attempt gets a fresh consumer (and session), and one consumer's failure concerns no other consumer of the message.
/// </summary>
internal sealed class ParkingConsumerObserver(ParkingLot parking, IReadOnlyList<TimeSpan> retryIntervals) : IConsumerConfigurationObserver
{
    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator) where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class where TMessage : class =>
        configurator.Message(message => message.UseFilter(new ParkingFilter<TMessage>(ConsumerNames.Of(typeof(TConsumer)), parking, retryIntervals)));
}

/// <summary>
/// One consumer's delivery on the embedded bus: retries, then parks the message for this consumer and returns normally,
/// so the outbox goes on. A message whose ordering key this consumer has parked earlier parks behind it unattempted. In a
/// replay, only the replay's consumer runs, once, and its failure goes back to the replay.
/// </summary>
internal sealed class ParkingFilter<TMessage>(string consumer, ParkingLot parking, IReadOnlyList<TimeSpan> retryIntervals)
    : IFilter<ConsumeContext<TMessage>> where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        // Only what the outbox (or a replay) delivers is retried and parked. Anything else on the mediator, a request a
        // consumer sends for one, passes as it is: its failure goes back to its sender, and a question is never parked.
        var delivery = OutboxDelivery.OnThisFlow;
        if (delivery?.Message(context.MessageId) is not { } message)
        {
            await next.Send(context);
            return;
        }
        if (delivery.ReplayTo is { } replayTo)
        {
            if (replayTo != consumer)
                return;
            delivery.MarkDelivered();
            await next.Send(context);
            return;
        }

        var cancellation = delivery.Cancellation;
        if (delivery.ParkedHead(consumer, message.OrderingKey) is { } head)
        {
            await parking.ParkBehind(consumer, message, head, cancellation);
            return;
        }
        if (await ConsumerAttempts.Run(() => next.Send(context), retryIntervals, cancellation) is { } failure)
        {
            var parked = await parking.Park(consumer, message, failure.Exception, failure.Attempts, cancellation);
            delivery.Parked(consumer, message.OrderingKey, parked);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("parking");
}
