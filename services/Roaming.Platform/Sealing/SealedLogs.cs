using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Roaming.Platform.Sealing;

/// <summary>A service whose event log this process seals; the audit module signs a checkpoint for each.</summary>
public sealed record SealedLog(string Service, Type StoreType);

public static class SealingRegistration
{
    /// <summary>Set <c>Roaming:Sealing:Enabled=false</c> to run a store without its sealer (never in production).</summary>
    public const string EnabledKey = "Roaming:Sealing:Enabled";

    public static bool IsEnabled(IHostApplicationBuilder builder) => builder.Configuration.GetValue(EnabledKey, true);

    /// <summary>Registers the service's sealed log and, when this process runs the daemon, its sealing subscription.</summary>
    public static void AddSealing<TStore>(this IHostApplicationBuilder builder, string service,
        MartenServiceCollectionExtensions.MartenStoreExpression<TStore> expression, bool runDaemon)
        where TStore : class, IDocumentStore
    {
        if (!IsEnabled(builder))
            return;
        builder.Services.AddSingleton(new SealedLog(service, typeof(TStore)));
        if (runDaemon)
            expression.AddSubscriptionWithServices<SealingSubscription<TStore>>(ServiceLifetime.Singleton,
                o => o.Options.BatchSize = 1000);
    }
}
