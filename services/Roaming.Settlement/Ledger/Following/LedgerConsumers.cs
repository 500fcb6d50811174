using MassTransit;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Settlement.Ledger.Following;

// With a broker, each ledger message arrives on its own: these hand it to the LedgerFeed as a batch of one. In the embedded
// default the outbox hands the feed whole pages, and these are not registered (LedgerCapability).

/// <summary>Follows the clearing workflow: every status change of an uploaded CDR moves its ledger state.</summary>
public sealed class OnCdrClearingStatusChanged(LedgerFeed feed) : IConsumer<CdrClearingStatusChanged>
{
    public Task Consume(ConsumeContext<CdrClearingStatusChanged> context) => feed.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}

/// <summary>A CDR we issued as CPO enters the ledger billable at once; a credit CDR is its own entry.</summary>
public sealed class OnCdrIssued(LedgerFeed feed) : IConsumer<CdrIssued>
{
    public Task Consume(ConsumeContext<CdrIssued> context) => feed.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}

/// <summary>As e-MSP: a partner CPO's CDR enters the ledger pending, until Charging has reconciled it.</summary>
public sealed class OnPartnerCdrReceived(LedgerFeed feed) : IConsumer<PartnerCdrReceived>
{
    public Task Consume(ConsumeContext<PartnerCdrReceived> context) => feed.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}

/// <summary>As e-MSP: Charging's reconciliation of a partner's CDR releases or holds it.</summary>
public sealed class OnPartnerCdrReconciled(LedgerFeed feed) : IConsumer<PartnerCdrReconciled>
{
    public Task Consume(ConsumeContext<PartnerCdrReconciled> context) => feed.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}
