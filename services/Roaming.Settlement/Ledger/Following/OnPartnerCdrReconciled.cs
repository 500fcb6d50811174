using MassTransit;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Settlement.Ledger.Following;

/// <summary>As e-MSP: Charging's reconciliation of a partner's CDR releases or holds it (<see cref="LedgerDecisions.OnReconciled"/>).</summary>
public sealed class OnPartnerCdrReconciled(ISettlementStore store, IClock clock) : IConsumer<PartnerCdrReconciled>
{
    public async Task Consume(ConsumeContext<PartnerCdrReconciled> context)
    {
        var reconciled = context.Message;
        var operatorId = $"{reconciled.CountryCode}*{reconciled.PartyId}".ToUpperInvariant();
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("charging", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnPartnerCdrReconciled), context.MessageId, now, context.CancellationToken))
            return;
        // With a broker the reconciliation may overtake the CDR itself (two queues): failing retries it, and parks it
        // (replayable) if the CDR never arrives.
        await LedgerWrites.Decide(session, operatorId, "", reconciled.CdrId, (current, around) => current is null
            ? throw new InvalidOperationException($"CDR {reconciled.CdrId} of {operatorId} is not in the ledger (yet): reconciled before received")
            : LedgerDecisions.OnReconciled(current, reconciled, around), context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
