using JasperFx.Events;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Disputes;
using Roaming.Settlement.Documents;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Payments;
using Roaming.Settlement.Reimbursement;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement;

/// <summary>
/// Settlement: agreements between CPOs and e-MSPs, the ledger of every CDR's settlement state, statements per agreement
/// and period with their exports, disputes, payments, and employer reimbursement of home charging.
/// </summary>
public sealed class SettlementModule : IRoamingModule
{
    private static readonly ISettlementCapability[] Capabilities =
    [
        new AgreementsCapability(), new LedgerCapability(), new DisputesCapability(), new StatementsCapability(),
        new PaymentsCapability(), new DocumentsCapability(), new ReimbursementCapability(),
    ];

    public string Name => "settlement";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IIntegrationEventMap<ISettlementStore>, SettlementIntegrationEvents>();
        builder.AddServiceStore<ISettlementStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            // A period close appends to thousands of ledger streams per commit without expected versions (the close
            // holds the agreement's lock); Quick append's plain inserts do.
            options.Events.AppendMode = EventAppendMode.Quick;
            foreach (var capability in Capabilities)
                capability.ConfigureStore(options);
        });
        foreach (var capability in Capabilities)
            capability.AddServices(builder);
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
        foreach (var capability in Capabilities)
            capability.AddConsumers(consumers);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapOperatorApi();
        foreach (var capability in Capabilities)
            capability.MapEndpoints(api);
    }
}
