using Roaming.Platform.Sealing.Shredding;
using JasperFx.Events;
using JasperFx.Events.Projections;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Charging.Authorizations;
using Roaming.Charging.Cdrs;
using Roaming.Charging.Cdrs.Attention;
using Roaming.Charging.Cdrs.Attention.Completing;
using Roaming.Charging.Cdrs.Attention.Discarding;
using Roaming.Charging.Cdrs.Attention.Getting;
using Roaming.Charging.Cdrs.Attention.Recording;
using Roaming.Charging.Cdrs.Attention.Scanning;
using Roaming.Charging.Cdrs.Crediting;
using Roaming.Charging.Cdrs.Getting;
using Roaming.Charging.Locations;
using Roaming.Charging.Publishing;
using Roaming.Charging.Reconciliation;
using Roaming.Charging.Sessions;
using Roaming.Charging.Sessions.Getting;
using Roaming.Charging.Sessions.Recording;
using Roaming.Charging.Sessions.Starting;
using Roaming.Charging.Sessions.Stopping;
using Roaming.Charging.Tariffs;
using Roaming.Charging.Tariffs.Getting;
using Roaming.Charging.Tariffs.Publishing;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Charging;

/// <summary>Charging sessions, CDRs, tariffs and pricing.</summary>
public sealed class ChargingModule : IRoamingModule
{
    public string Name => "charging";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IIntegrationEventMap<IChargingStore>, ChargingIntegrationEvents>();
        builder.Services.AddSubjectKeyVault();
        builder.Services.AddSingleton<Cdrs.Ocpi.CdrTokenHolders>();
        builder.Services.Configure<SessionProgressOptions>(builder.Configuration.GetSection("Roaming:Charging"));
        builder.Services.Configure<CdrAttentionOptions>(builder.Configuration.GetSection("Roaming:Charging"));
        builder.Services.AddSingleton<ChargingTransactionRecorder>();
        builder.Services.AddSingleton<IIntegrationBatchConsumer>(provider => provider.GetRequiredService<ChargingTransactionRecorder>());
        builder.AddServiceStore<IChargingStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventTypes([
                typeof(TariffPublished), typeof(TariffRemoved), typeof(SessionStarted), typeof(MeterSamplesRecorded),
                typeof(ConnectorStatusRecorded), typeof(SessionEnded), typeof(SessionProgressed), typeof(Cdrs.CdrIssued),
                typeof(PartnerCdrVerified), typeof(PartnerCdrDiscrepancyFound), typeof(PartnerCdrNotReconciled),
                typeof(CdrNeedsAttention), typeof(AttentionSamplesRecorded), typeof(AttentionTransactionStopped), typeof(CdrAttentionCompleted),
                typeof(CdrAttentionDiscarded), typeof(SessionCorrected),
            ]);
            options.Projections.Add<TariffHistoryProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<ChargingSessionProjection>(ProjectionLifecycle.Inline);
            // The recorder loads the sessions of a batch into its session's identity map; the inline projection then
            // folds the new events onto those instead of loading each session again (one query per session per commit).
            options.Events.UseIdentityMapForAggregates = true;
            options.Projections.Add<IssuedCdrProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<PartnerCdrCheckProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<CdrAttentionItemProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<CdrAttentionItem>().Index(a => a.State).Index(a => a.RecordedAt);
            options.Schema.For<LocationSnapshot>();
            options.Schema.For<TokenSnapshot>();
            options.Schema.For<IssuedCdr>().Index(c => c.IssuedAt);
            options.Schema.For<ChargingSession>().Index(s => s.Started.StartedAt);
        });
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
        consumers.AddConsumer<OnLocationChanged>();
        consumers.AddConsumer<OnTokenChanged>();
        // A session's messages must be applied in the order Ingest published them (start, samples, statuses, stop).
        // Embedded (mediator): the outbox hands each page's messages to ChargingTransactionRecorder in order, in one
        // commit, so its per-message consumers must not be registered there too. With a broker: one queue for all
        // four, consumed one at a time; with a consumer per queue a stop could overtake its samples.
        if (consumers is not IMediatorRegistrationConfigurator)
        {
            consumers.AddConsumer<OnChargingTransactionStarted>().Endpoint(InTransactionOrder);
            consumers.AddConsumer<OnMeterValuesReported>().Endpoint(InTransactionOrder);
            consumers.AddConsumer<OnConnectorStatusChanged>().Endpoint(InTransactionOrder);
            consumers.AddConsumer<OnChargingTransactionStopped>().Endpoint(InTransactionOrder);
        }
        consumers.AddConsumer<OnPartnerCdrReceived>();
    }

    private static void InTransactionOrder(IEndpointRegistrationConfigurator endpoint)
    {
        endpoint.Name = "roaming-charging-transactions";
        endpoint.ConcurrentMessageLimit = 1;
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapOperatorApi();
        api.MapPublishTariff();
        api.MapGetSessions();
        api.MapGetCdrs();
        api.MapExplainCdr();
        api.MapCreditCdr();
        api.MapRemoveTariff();
        api.MapGetTariffs();
        api.MapGetReconciliation();
        api.MapGetCdrsNeedingAttention();
        api.MapCompleteCdrAttention();
        api.MapDiscardCdrAttention();
        api.MapScanEndedSessions();
    }
}
