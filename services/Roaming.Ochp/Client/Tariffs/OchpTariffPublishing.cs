using Marten;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Roaming.Platform.Scheduling;

namespace Roaming.Ochp.Client.Tariffs;

/// <summary>
/// Our CPO role publishes its tariffs at the clearing house (<c>Roaming:Ochp:Client</c> with a <c>Cpo</c> login), every
/// <c>Roaming:Ochp:Client:TariffUploadInterval</c> (default 60 s): e-MSPs re-price our CDRs with them, and the CDRs we
/// upload name no tariff, so the operator's only published tariff is the one they use.
/// </summary>
public static class OchpTariffPublishing
{
    /// <summary>From <c>OchpModule.AddServices</c>, after <c>AddOchpCpoClient</c>.</summary>
    public static void AddOchpTariffPublishing(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(OchpClientOptions.Section).Get<OchpClientOptions>() ?? new OchpClientOptions();
        var interval = builder.Configuration.GetValue($"{OchpClientOptions.Section}:TariffUploadInterval", TimeSpan.FromSeconds(60));
        if (interval <= TimeSpan.Zero)
            throw new InvalidOperationException($"Invalid OCHP client settings: {OchpClientOptions.Section}:TariffUploadInterval must be positive");
        builder.Services.ConfigureMarten<IOchpStore>(options =>
        {
            options.Events.AddEventTypes([typeof(OwnTariffQueued), typeof(OwnTariffPublished), typeof(OwnTariffRefused)]);
            options.Projections.Add<OwnTariffProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
            options.Schema.For<OwnTariff>().Index(t => t.State);
        });
        builder.Services.AddSingleton<PublishTariffsJob>();
        if (!settings.IsEnabled || settings.Cpo is null || !builder.Configuration.GetValue("Roaming:RunDaemon", true))
            return;
        builder.Services.AddRoamingJobs(quartz => quartz.ScheduleJob<PublishTariffsJob>(trigger => trigger
            .WithIdentity("ochp-client-tariff-publish")
            .StartAt(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1))
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever())));
    }

    public static void AddOchpTariffPublishingConsumers(this IRegistrationConfigurator consumers) => consumers.AddConsumer<OnTariffChangedForClearingHouse>();

    public static void MapOchpTariffPublishing(this IEndpointRouteBuilder api) => api.MapGetOwnTariffs();
}
