using MassTransit;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ocpi.Hub.Cdrs;

/// <summary>
/// A CDR clearing accepted (or accepted again as revised) reaches its e-MSP's OCPI platform (<see cref="HubCdrReleases"/>):
/// kept as a hub CDR (listed on the hub's cdrs sender for the e-MSP's parties) and POSTed through the delivery queue to the
/// platform's cdrs receiver, FROM the CPO party, TO the e-MSP party; the queue retries for days while the platform is
/// offline, and a platform that registers later reads it from the list. Idempotent: an inbox of handled messages, and one
/// delivery per platform and CDR version.
/// </summary>
public sealed class OnCdrClearingStatusChanged(IOcpiStore store, HubCdrReleases releases, IClock clock) : IConsumer<CdrClearingStatusChanged>
{
    public async Task Consume(ConsumeContext<CdrClearingStatusChanged> context)
    {
        var change = context.Message;
        var cancellation = context.CancellationToken;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext(change.Actor, now, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
        if (!await session.TryMarkHandled(nameof(OnCdrClearingStatusChanged), context.MessageId, now, cancellation))
            return;
        var current = await session.LoadAsync<HubCdrClearing>(HubCdrClearing.IdOf(change.OperatorId, change.CdrId), cancellation);
        var decision = HubCdrRelease.Decide(current, change);
        var next = decision.Release is { } facts ? await releases.Release(session, decision.Next, facts, change.At, cancellation) : decision.Next;
        session.Store(next);
        await session.SaveChangesAsync(cancellation);
        if (next.Problem is not null && next.Cdr is not null)
        {
            // The CPO's locations may have been committed while this CDR was being released: their consumer retries only
            // the CDRs waiting when it looks, which may have been before this one was stored. Looking again after our own
            // commit closes that gap (one of the two always sees the other; a second release is the same delivery).
            await using var retry = store.LightweightSession().Stamp(new EventContext(change.Actor, now, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
            await releases.RetryWaiting(retry, next.OperatorId, cancellation);
            await retry.SaveChangesAsync(cancellation);
        }
    }
}
