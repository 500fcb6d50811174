using JasperFx.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Settlement.Ledger;

namespace Roaming.Settlement;

/// <summary>
/// Settlement: agreements between CPOs and e-MSPs, the ledger of every CDR's settlement state, statements per agreement
/// and period with their exports, disputes, payments, and employer reimbursement of home charging.
/// </summary>
public sealed class SettlementModule : IRoamingModule
{
    public string Name => "settlement";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IIntegrationEventMap<ISettlementStore>, SettlementIntegrationEvents>();
        builder.AddServiceStore<ISettlementStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Events.AddEventTypes([
                typeof(CdrEnteredLedger), typeof(CdrFactsRevised), typeof(CdrBecameBillable), typeof(CdrHeld), typeof(CdrWithdrawn), typeof(CdrBilled),
            ]);
        });
    }
}
