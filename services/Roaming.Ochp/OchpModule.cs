using JasperFx.Events;
using JasperFx.Events.Projections;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ochp.Authorisations;
using Roaming.Ochp.Bridge;
using Roaming.Ochp.Client;
using Roaming.Ochp.Client.Emsp;
using Roaming.Ochp.Client.Tariffs;
using Roaming.Ochp.Cdrs;
using Roaming.Ochp.ChargePoints;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.LiveStatus;
using Roaming.Ochp.Participants;
using Roaming.Ochp.Soap;
using Roaming.Ochp.Tariffs;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Security;

namespace Roaming.Ochp;

/// <summary>
/// The clearing house's OCHP 1.4 SOAP service (model: e-clearing.net): partners authenticate with their OCHP login,
/// exchange authorisation lists, charge points, tariffs and live status through it, and hand CDRs to the clearing
/// workflow. The uploads are kept as received, per participant and dataset.
/// </summary>
public sealed class OchpModule : IRoamingModule
{
    public string Name => "ochp";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OchpOptions>(builder.Configuration.GetSection(OchpOptions.Section));
        builder.Services.TryAddSingleton<VerifiedPasswords>();
        builder.Services.AddSingleton<OchpLogins>();
        builder.Services.AddSingleton(new OchpHandlers()
            .AddCdrUploads().AddCdrReads().AddCdrConfirmations()
            .AddRoamingAuthorisationUploads().AddRoamingAuthorisationReads()
            .AddChargePointUploads().AddChargePointReads()
            .AddTariffUpdates().AddTariffReads()
            .AddStatusUpdates().AddStatusReads());
        builder.AddOchpCpoClient();
        builder.AddOchpTariffPublishing();
        builder.AddOchpEmspClient();
        builder.AddOchpBridge();
        builder.AddServiceStore<IOchpStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventTypes([
                typeof(RoamingAuthorisationListSet), typeof(RoamingAuthorisationListUpdated),
                typeof(ChargePointListSet), typeof(ChargePointListUpdated), typeof(TariffsUpdated), typeof(EvseStatusUpdated),
            ]);
            options.Projections.Add<ParticipantDatasetProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<OchpParticipant>().Index(p => p.Username!);
            options.Schema.For<OchpConnection>();
        });
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
        consumers.AddConsumer<OnParticipantChanged>();
        consumers.AddConsumer<OnRoamingConnectionChanged>();
        // The clearing workflow answers these (in this process through the mediator, or over RabbitMQ).
        consumers.AddRequestClient<SubmitCdrs>();
        consumers.AddRequestClient<ConfirmCdrs>();
        consumers.AddRequestClient<FindCdrs>();
        consumers.AddOchpCpoClientConsumers();
        consumers.AddOchpTariffPublishingConsumers();
        consumers.AddOchpEmspClientConsumers();
        consumers.AddOchpBridgeConsumers();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOchpPorts();
        endpoints.MapOchpWsdl();
        var api = endpoints.MapOperatorApi();
        api.MapOchpCpoClient();
        api.MapOchpTariffPublishing();
        api.MapOchpEmspClient();
        api.MapOchpBridge();
    }
}
