using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Settlement.Ledger.Following;

/// <summary>Follows the clearing workflow: every status change of an uploaded CDR moves its ledger state (<see cref="LedgerDecisions.OnClearingStatus"/>).</summary>
public sealed class OnCdrClearingStatusChanged(ISettlementStore store, IClock clock, ILogger<OnCdrClearingStatusChanged> logger)
    : IConsumer<CdrClearingStatusChanged>
{
    public async Task Consume(ConsumeContext<CdrClearingStatusChanged> context)
    {
        var change = context.Message;
        if (change.ProviderId is null)
        {
            logger.LogInformation("CDR {Cdr} of {Operator} ({Status}) names no e-MSP; it stays out of the ledger", change.CdrId, change.OperatorId, change.Status);
            return;
        }
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(new EventContext(change.Actor, now, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
        if (!await session.TryMarkHandled(nameof(OnCdrClearingStatusChanged), context.MessageId, now, context.CancellationToken))
            return;
        await LedgerWrites.Decide(session, change.OperatorId, change.ProviderId, change.CdrId,
            (current, around) => LedgerDecisions.OnClearingStatus(current, change, around), context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
