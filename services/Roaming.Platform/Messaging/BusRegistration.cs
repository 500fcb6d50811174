using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Roaming.Platform.Hosting;
using Roaming.Platform.Json;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging.Parking;

namespace Roaming.Platform.Messaging;

public static class BusRegistration
{
    /// <summary>Composes the bus once for all started modules (MassTransit allows one AddMassTransit per container).</summary>
    public static void AddRoamingBus(this IServiceCollection services, IReadOnlyList<IRoamingModule> modules, RoamingOptions options)
    {
        services.AddParking();
        if (options.Transport == TransportKind.InMemory)
        {
            services.AddMediator(mediator =>
            {
                foreach (var module in modules)
                    module.AddConsumers(mediator);
                // Retries per consumer, then parking (not MassTransit's retry, which is per message type: it would run
                // every consumer of the message again, and a poison message would stop the outbox for good).
                mediator.ConfigureMediator((context, configurator) => configurator.ConnectConsumerConfigurationObserver(
                    new ParkingConsumerObserver(context.GetRequiredService<ParkingLot>(), options.RetryIntervals)));
            });
            services.AddSingleton<IIntegrationBus, MediatorIntegrationBus>();
            return;
        }

        services.AddMassTransit(bus =>
        {
            foreach (var module in modules)
                module.AddConsumers(bus);
            // Namespaces in queue names: Ingest's and Charging's OnTokenChanged must be two queues (each service gets every
            // message), not one queue whose messages they would split between them when deployed apart.
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(includeNamespace: true));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(options.RabbitMq), host => host.PublisherConfirmation = true);
                rabbit.ConfigureJsonSerializerOptions(RoamingJson.ConfigureForMessages);
                // No delayed-exchange plug-in here (reference/messaging.md): short in-memory retries, then the _error queue.
                rabbit.UseMessageRetry(retry => retry.Exponential(6, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        // Starting the host waits until every receive endpoint is ready (queues declared and bound), so that no outbox
        // publishes into the broker before its consumers' queues exist; a broker that cannot be reached fails the start.
        services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromMinutes(2);
        });
        services.AddSingleton<IIntegrationBus, BrokerIntegrationBus>();
    }

    /// <summary>The Platform schema's store of parked messages, their operator API's services and the degraded health check.</summary>
    private static void AddParking(this IServiceCollection services)
    {
        services.AddMartenStore<IPlatformStore>(provider =>
        {
            var options = ServiceStores.NewStoreOptions(provider.GetRequiredService<IOptions<RoamingOptions>>().Value, "platform");
            options.Schema.For<ParkedMessage>().Index(p => p.Status);
            return options;
        }).ApplyAllDatabaseChangesOnStartup();
        services.AddSingleton<ParkingLot>();
        services.AddSingleton<ParkedMessageReplayer>();
        services.AddHealthChecks().AddCheck<ParkingHealthCheck>("parked-messages", tags: ["ready"]);
    }
}
