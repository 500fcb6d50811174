using Marten;
using MassTransit;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ochp.Client.Emsp.Cdrs;

/// <summary>
/// Charging re-priced a partner CDR: when it is one we received over OCHP and are waiting for, that decides our answer
/// (verified → approved; discrepancy or not reconciled → declined, with the reason). Outcomes of CDRs received over
/// OCPI pass by.
/// </summary>
public sealed class OnPartnerCdrReconciled(IOchpStore store, IClock clock) : IConsumer<PartnerCdrReconciled>
{
    public async Task Consume(ConsumeContext<PartnerCdrReconciled> context)
    {
        var outcome = context.Message;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("ochp", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnPartnerCdrReconciled), context.MessageId, now, context.CancellationToken))
            return;
        var waiting = await session.Query<ReceivedCdr>()
            .Where(c => c.CdrId == outcome.CdrId && c.CountryCode == outcome.CountryCode && c.PartyId == outcome.PartyId && c.State == ReceivedCdr.Reconciling)
            .ToListAsync(context.CancellationToken);
        // Locked, and still waiting once locked: a second outcome for the same CDR must not decide it again after the first
        // decision was read by the confirm job (StreamLocks).
        var locked = await session.FetchAllForExclusiveWriting<ReceivedCdr>(waiting.Select(cdr => cdr.Id), context.CancellationToken);
        foreach (var (id, stream) in locked)
            if (stream.Aggregate is { State: ReceivedCdr.Reconciling })
                stream.AppendOne(PartnerCdrReceptions.Decide(outcome, id, now));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
