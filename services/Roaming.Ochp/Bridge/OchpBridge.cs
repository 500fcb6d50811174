using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Roaming.Ochp.Bridge.GettingBridgedObjects;
using Roaming.Ochp.Bridge.ReceivingFromOcpi;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Platform.Sealing.Shredding;

namespace Roaming.Ochp.Bridge;

/// <summary>
/// The OCHP side of the bridge between OCPI and OCHP participants of the clearing house: OCPI objects from the hub
/// (<c>HubObjectReceived</c>) become OCHP data of their participant and leave it again when removed (<c>HubObjectRemoved</c>), OCHP uploads become OCPI objects for the hub
/// (<c>HubObjectBridged</c>, from the event log), and what does not map is kept with its reasons for the operator.
/// </summary>
public static class OchpBridge
{
    /// <summary>From <c>OchpModule.AddServices</c>, before its <c>AddServiceStore</c> (the outbox needs the event map registered).</summary>
    public static void AddOchpBridge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSubjectKeyVault();
        builder.Services.TryAddSingleton<IIntegrationEventMap<IOchpStore>, OchpIntegrationEvents>();
        builder.Services.AddSingleton<IOchpMessageSource, BridgeMessages>();
        builder.Services.ConfigureMarten<IOchpStore>(options =>
        {
            options.Events.AddEventTypes([typeof(OcpiObjectBridged), typeof(OcpiObjectRemoved), typeof(OchpObjectBridged), typeof(ObjectNotBridged)]);
            options.Projections.Add<BridgedObjectProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<BridgedObject>().Index(o => o.State).Index(o => o.ParticipantId);
        });
    }

    /// <summary>From <c>OchpModule.AddConsumers</c>.</summary>
    public static void AddOchpBridgeConsumers(this IRegistrationConfigurator consumers)
    {
        consumers.AddConsumer<OnHubObjectReceived>();
        consumers.AddConsumer<OnHubObjectRemoved>();
    }

    /// <summary>From <c>OchpModule.MapEndpoints</c> (on the operator API): <c>GET /api/ochp/bridge/objects</c> and <c>/refusals</c>.</summary>
    public static void MapOchpBridge(this IEndpointRouteBuilder api) => api.MapGetBridgedObjects();
}
