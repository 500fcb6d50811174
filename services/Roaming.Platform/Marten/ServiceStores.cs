using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Weasel.Core;

namespace Roaming.Platform.Marten;

public static class ServiceStores
{
    /// <summary>
    /// Events per outbox page. A page's messages go to batch consumers in one commit, and most of Ingest's events are
    /// frames that publish nothing, so a large page is what makes a batch large (docs/architecture.md, Messages between services).
    /// </summary>
    public const int OutboxPageSize = 3000;

    /// <summary>
    /// Adds the Marten store of one service, in its own PostgreSQL schema (ARCHITECTURE.md 4), with event metadata,
    /// NodaTime-aware JSON, the inbox table, and (when this process runs the daemon) the Solo async daemon and the
    /// outbox subscription that publishes the service's integration messages.
    /// </summary>
    public static void AddServiceStore<TStore>(
        this IHostApplicationBuilder builder,
        string service,
        Action<StoreOptions> configure,
        Action<MartenServiceCollectionExtensions.MartenStoreExpression<TStore>>? extend = null)
        where TStore : class, IDocumentStore
    {
        var runDaemon = builder.Configuration.GetValue("Roaming:RunDaemon", true);
        var sealing = Sealing.SealingRegistration.IsEnabled(builder); // sealing (issue 6)
        var expression = builder.Services.AddMartenStore<TStore>(provider =>
        {
            var options = NewStoreOptions(provider.GetRequiredService<IOptions<RoamingOptions>>().Value, service);
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.Events.MetadataConfig.CausationIdEnabled = true;
            options.Events.MetadataConfig.HeadersEnabled = true;
            // No shared load throttle (JasperFx.Events 2.100, default 4 per daemon): a store here has at most two async
            // shards (outbox, sealing), so it never limited anything, but its StopAsync disposes the daemon, and with it
            // the throttle's semaphore, right after cancelling the agents without awaiting a load still in flight, whose
            // `finally { Release(); }` then logged an ObjectDisposedException at every such shutdown.
            options.Projections.MaxConcurrentEventLoadsPerDatabase = 0;
            options.Projections.Errors.SkipApplyErrors = false;
            options.Projections.Errors.SkipSerializationErrors = false;
            options.Projections.Errors.SkipUnknownEvents = true;
            options.Schema.For<HandledMessage>().Identity(m => m.Id);
            configure(options);
            // --- sealing (issue 6, Platform/Sealing): the leaf table of the service's Merkle tree ---
            if (sealing)
                Sealing.SealedLeaves.AddSealedLeavesTable(options);
            return options;
        }).ApplyAllDatabaseChangesOnStartup();

        if (runDaemon)
        {
            // Exactly one process per service runs the daemon (Solo): sealing's gap handling and the outbox are proven with one
            // daemon per service; Marten's HotCold leader election (now possible with the real DistributedLock package) is not switched on yet.
            expression.AddAsyncDaemon(DaemonMode.Solo);
            if (builder.Services.Any(d => d.ServiceType == typeof(IIntegrationEventMap<TStore>)))
                expression.AddSubscriptionWithServices<OutboxSubscription<TStore>>(ServiceLifetime.Singleton,
                    o => o.Options.BatchSize = OutboxPageSize);
        }
        // --- sealing (issue 6, Platform/Sealing): the sealing subscription and the sealed-log registration ---
        Sealing.SealingRegistration.AddSealing(builder, service, expression, runDaemon);
        extend?.Invoke(expression);
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            $"store:{service}", provider => new StoreHealthCheck<TStore>(provider.GetRequiredService<TStore>()),
            Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, ["ready"]));
    }

    /// <summary>Connection, schema (<see cref="SchemaName"/>) and NodaTime-aware JSON: what every store of the process shares.</summary>
    public static StoreOptions NewStoreOptions(RoamingOptions roaming, string service)
    {
        var options = new StoreOptions();
        options.Connection(roaming.Postgres);
        options.DatabaseSchemaName = SchemaName(roaming, service);
        options.Events.DatabaseSchemaName = options.DatabaseSchemaName;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase,
            json => json.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb));
        options.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
        return options;
    }

    public static string SchemaName(RoamingOptions roaming, string service) =>
        (roaming.SchemaPrefix + service).Replace('-', '_').ToLowerInvariant();
}
