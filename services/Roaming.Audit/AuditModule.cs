using JasperFx.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Roaming.Audit.AccessTrail;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;

namespace Roaming.Audit;

/// <summary>Tamper evidence: signed checkpoints of every sealed log, the published keys, and the access trail.</summary>
public sealed class AuditModule : IRoamingModule
{
    public const string ServiceName = "audit";

    public string Name => ServiceName;

    public void AddServices(IHostApplicationBuilder builder) => builder.AddAudit();

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGetAuditKeys();
        endpoints.MapOperatorApi().MapSignCheckpointsNow();
    }
}

public static class AuditRegistration
{
    public static void AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AuditOptions>(builder.Configuration.GetSection(AuditOptions.Section));
        builder.Services.AddSingleton(provider => SigningKeyRing.Load(
            provider.GetRequiredService<IOptions<AuditOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<SigningKeyRing>()));
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<Witness>();
        builder.Services.AddSingleton<CheckpointSigner>();
        builder.Services.AddSingleton<IStartupFilter, AccessTrailStartupFilter>();
        builder.Services.AddSingleton<AccessTrailWriter>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<AccessTrailWriter>());

        builder.AddServiceStore<IAuditStore>(AuditModule.ServiceName, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventType<CheckpointSigned>();
            options.Events.AddEventType<ApiCallRecorded>();
        });
        if (builder.Configuration.GetValue("Roaming:RunDaemon", true))
            builder.Services.AddHostedService<SignCheckpointsOnInterval>();
    }
}
