using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Settlement.Ledger.Following;
using Roaming.Settlement.Ledger.Getting;

namespace Roaming.Settlement.Ledger;

internal sealed class LedgerCapability : ISettlementCapability
{
    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LedgerFeed>();
        builder.Services.AddSingleton<IIntegrationBatchConsumer>(provider => provider.GetRequiredService<LedgerFeed>());
    }

    public void ConfigureStore(StoreOptions options)
    {
        options.Events.AddEventTypes([
            typeof(CdrEnteredLedger), typeof(CdrFactsRevised), typeof(CdrBecameBillable), typeof(CdrHeld), typeof(CdrWithdrawn), typeof(CdrBilled),
        ]);
        options.Projections.Add<LedgerCdrProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<LedgerCdr>().Index(c => c.OperatorId).Index(c => c.ProviderId).Index(c => c.State).Index(c => c.SessionStartUtc)
            .Index(c => c.EverBilled).Index(c => c.CdrId);
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
        // Embedded (mediator): the outbox hands a page's ledger messages to LedgerFeed in one commit, so the per-message
        // consumers must not be registered there too (they would run twice).
        if (consumers is IMediatorRegistrationConfigurator)
            return;
        consumers.AddConsumer<OnCdrClearingStatusChanged>();
        consumers.AddConsumer<OnCdrIssued>();
        consumers.AddConsumer<OnPartnerCdrReceived>();
        consumers.AddConsumer<OnPartnerCdrReconciled>();
    }

    public void MapEndpoints(RouteGroupBuilder api) => api.MapGetLedger();
}
