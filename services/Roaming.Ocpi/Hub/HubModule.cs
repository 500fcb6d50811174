using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Ocpi.Credentials;
using Roaming.Ocpi.Hub.Clients;
using Roaming.Ocpi.Hub.Forwarding;
using Roaming.Ocpi.Hub.Joining;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Hub.Traffic;
using Roaming.Ocpi.Hub.Versions;

namespace Roaming.Ocpi.Hub;

/// <summary>The OCPI hub's part of the ocpi module: its services, its documents and events, and its URL space under <c>/ocpi/hub</c>.</summary>
public static class HubModule
{
    /// <param name="runDaemon">Whether this process runs the background work (<c>Roaming:RunDaemon</c>): the client info watch and the command
    /// callback sweep, like the delivery worker.</param>
    public static void AddHub(this IServiceCollection services, bool runDaemon)
    {
        if (runDaemon)
        {
            services.AddHostedService<HubClientWatch>();
            services.AddHostedService<CommandCallbackSweep>();
        }
        services.AddSingleton<HubDirectory>();
        services.AddPlatformReachability();
        // The forwarder bounds every call itself (Roaming:Ocpi:Hub:ForwardTimeout); the client's own 100 s default must not cut in first.
        // Nor does it log every request at Information: the traffic record says what was forwarded, at a fraction of the cost.
        services.AddHttpClient(HubForwarder.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddSingleton<HubForwarder>();
        services.AddSingleton<HubTrafficLog>();
        services.AddHostedService(provider => provider.GetRequiredService<HubTrafficLog>());
    }

    public static void AddHubDocuments(this StoreOptions options)
    {
        options.Events.AddEventType<HubTrafficRecorded>();
        options.Events.AddEventType<Broadcast.HubObjectRemoved>();
        options.Schema.For<HubCommandCallback>();
        options.Schema.For<HubClientStatus>().Index(s => s.LastUpdatedUtc);
        options.Schema.For<HubClientInfoReceiver>();
        options.AddPlatformReachabilityEvents();
        options.Schema.For<HubTrafficEntry>().Index(e => e.AtUtc).Index(e => e.From).Index(e => e.To);
        options.Projections.Add<HubTrafficEntryProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
    }

    /// <param name="api">The operator API group (<c>/api</c>).</param>
    public static void MapHub(this IEndpointRouteBuilder endpoints, IEndpointRouteBuilder api)
    {
        api.MapIssueParticipantToken();
        api.MapGetHubTraffic();
        api.MapGetHubClients();

        var configuration = endpoints.MapGroup(HubUrls.Root).AddEndpointFilter(new HubGate(HubAccess.Configuration));
        configuration.MapHubVersions();
        configuration.MapCredentials(HubCredentials.Side);

        var registered = endpoints.MapGroup(HubUrls.Root).AddEndpointFilter(new HubGate(HubAccess.Registered));
        registered.MapCommandCallbacks();
        registered.MapHubClientInfoSender();

        var routed = endpoints.MapGroup(HubUrls.Root).AddEndpointFilter(new HubGate(HubAccess.Routed));
        routed.MapRoutedModules();
    }
}
