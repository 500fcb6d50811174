using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Settlement.Ledger.Following;

/// <summary>As e-MSP: a partner CPO's CDR enters the ledger pending, until Charging has reconciled it (<see cref="OnPartnerCdrReconciled"/>).</summary>
public sealed class OnPartnerCdrReceived(ISettlementStore store, IClock clock, ILogger<OnPartnerCdrReceived> logger) : IConsumer<PartnerCdrReceived>
{
    public async Task Consume(ConsumeContext<PartnerCdrReceived> context)
    {
        var received = context.Message;
        var operatorId = $"{received.CountryCode}*{received.PartyId}".ToUpperInvariant();
        if (OnCdrIssued.Read(received.CdrJson, received.CountryCode) is not { Facts: { } facts, ProviderId: { } providerId } read)
        {
            logger.LogWarning("Partner CDR {Cdr} of {Operator} stays out of the ledger: {Problem}", received.CdrId, operatorId,
                OnCdrIssued.Read(received.CdrJson, received.CountryCode)?.Problem);
            return;
        }
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("ocpi", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnPartnerCdrReceived), context.MessageId, now, context.CancellationToken))
            return;
        await LedgerWrites.Decide(session, operatorId, providerId, received.CdrId,
            (current, _) => LedgerDecisions.OnPartnerCdrReceived(current, operatorId, providerId, received.CdrId, facts, now), context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
