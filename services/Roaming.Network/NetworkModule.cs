using JasperFx.Events;
using MassTransit;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Network.Locations;
using Roaming.Network.Locations.Getting;
using Roaming.Network.Locations.LiveStatus;
using Roaming.Network.Locations.Publishing;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Network;

/// <summary>Locations, EVSEs and connectors of our CPO party; the source of OCPI Locations.</summary>
public sealed class NetworkModule : IRoamingModule
{
    public string Name => "network";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IIntegrationEventMap<INetworkStore>, NetworkIntegrationEvents>();
        builder.AddServiceStore<INetworkStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventType<LocationPut>();
            options.Events.AddEventType<EvseLiveStatusChanged>();
            options.Schema.For<EvseLiveState>();
            options.Projections.Add<PublishedLocationProjection>(ProjectionLifecycle.Inline);
        });
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
        var statuses = consumers.AddConsumer<OnConnectorStatusChanged>();
        // With a broker, one at a time from one queue: an EVSE's live state is read, decided and written per message,
        // and its connectors' statuses must be applied in the order Ingest published them.
        if (consumers is not IMediatorRegistrationConfigurator)
            statuses.Endpoint(endpoint =>
            {
                endpoint.Name = "roaming-network-connector-statuses";
                endpoint.ConcurrentMessageLimit = 1;
            });
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapOperatorApi();
        api.MapPutLocation();
        api.MapGetLocations();
    }
}
