using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Platform.Hosting;
using Roaming.Platform.Json;

namespace Roaming.Platform.Messaging;

public static class BusRegistration
{
    /// <summary>Composes the bus once for all started modules (MassTransit allows one AddMassTransit per container).</summary>
    public static void AddRoamingBus(this IServiceCollection services, IReadOnlyList<IRoamingModule> modules, RoamingOptions options)
    {
        if (options.Transport == TransportKind.InMemory)
        {
            services.AddMediator(mediator =>
            {
                foreach (var module in modules)
                    module.AddConsumers(mediator);
                mediator.ConfigureMediator((_, configurator) =>
                    configurator.UseMessageRetry(retry => retry.Intervals(MediatorIntegrationBus.RetryIntervalsMs)));
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
        services.AddSingleton<IIntegrationBus, BrokerIntegrationBus>();
    }
}
