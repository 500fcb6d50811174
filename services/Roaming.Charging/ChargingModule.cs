using JasperFx.Events;
using JasperFx.Events.Projections;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Charging.Authorizations;
using Roaming.Charging.Cdrs;
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
        builder.AddServiceStore<IChargingStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventTypes([
                typeof(TariffPublished), typeof(TariffRemoved), typeof(SessionStarted), typeof(MeterSamplesRecorded),
                typeof(ConnectorStatusRecorded), typeof(SessionEnded), typeof(Cdrs.CdrIssued),
                typeof(PartnerCdrVerified), typeof(PartnerCdrDiscrepancyFound), typeof(PartnerCdrNotReconciled),
            ]);
            options.Projections.Add<TariffHistoryProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<ChargingSessionProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<IssuedCdrProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<PartnerCdrCheckProjection>(ProjectionLifecycle.Inline);
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
        consumers.AddConsumer<OnChargingTransactionStarted>();
        consumers.AddConsumer<OnMeterValuesReported>();
        consumers.AddConsumer<OnConnectorStatusChanged>();
        consumers.AddConsumer<OnChargingTransactionStopped>();
        consumers.AddConsumer<OnPartnerCdrReceived>();
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
    }
}
