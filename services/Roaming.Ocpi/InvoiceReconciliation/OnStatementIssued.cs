using MassTransit;
using NodaTime;
using Roaming.Contracts.Settlement.V1;
using Roaming.Ocpi.Feeding;

namespace Roaming.Ocpi.InvoiceReconciliation;

/// <summary>
/// Settlement issued a statement: store its invoice reconciliation record (served on our sender interface) and POST it
/// to the receiver interface of the statement's other party, when that party is on a partner platform that has one.
/// The push goes through the delivery queue (retries with backoff, once per partner and statement).
/// </summary>
public sealed class OnStatementIssued(IOcpiStore store, IClock clock) : IConsumer<StatementIssued>
{
    public async Task Consume(ConsumeContext<StatementIssued> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = await Feed.Open(store, context, nameof(OnStatementIssued), now);
        if (session is null)
            return;
        if (InvoiceReconciliationRecords.Of(context.Message, now) is { } record)
            await Feed.Publish(session, record, "POST", "", record.Json, record.Id, now, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
