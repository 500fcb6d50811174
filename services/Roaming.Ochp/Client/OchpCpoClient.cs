using Marten;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Quartz;
using Roaming.Ochp.Client.Authorisations;
using Roaming.Ochp.Client.Cdrs;
using Roaming.Ochp.Client.ChargePoints;
using Roaming.Ochp.Client.LiveStatus;
using Roaming.Ochp.Client.Transport;
using Roaming.Platform.Messaging;
using Roaming.Platform.Scheduling;
using Roaming.Platform.Sealing.Shredding;

namespace Roaming.Ochp.Client;

/// <summary>
/// Roaming as a CPO of a remote OCHP clearing house (<c>Roaming:Ochp:Client</c> with a <c>Cpo</c> login): our CDRs
/// (AddCDRs), charge points (SetChargepointList, then UpdateChargePointList), live status (UpdateStatus) go up, the
/// roaming authorisations of connected e-MSPs come down into Tokens. Nothing is registered while the client is not
/// configured. Settings are validated at start-up.
/// </summary>
public static class OchpCpoClient
{
    /// <summary>From <c>OchpModule.AddServices</c>, before its <c>AddServiceStore</c> (the outbox is added only when an event map is registered by then).</summary>
    public static void AddOchpCpoClient(this IHostApplicationBuilder builder)
    {
        var settings = Settings(builder);
        AddTransport(builder);
        builder.Services.AddSubjectKeyVault();
        builder.Services.TryAddSingleton(NodaTime.SystemClock.Instance as NodaTime.IClock);
        builder.Services.TryAddSingleton<IIntegrationEventMap<IOchpStore>, OchpIntegrationEvents>();
        builder.Services.AddSingleton<IOchpMessageSource, CpoClientMessages>();
        builder.Services.ConfigureMarten<IOchpStore>(options =>
        {
            options.Events.AddEventTypes([
                typeof(OutboundCdrQueued), typeof(OutboundCdrUnmappable), typeof(OutboundCdrAccepted), typeof(OutboundCdrImplausible),
                typeof(OutboundCdrRefused), typeof(OutboundCdrUploadFailed),
                typeof(OwnChargePointQueued), typeof(OwnChargePointSent), typeof(OwnChargePointRefused),
                typeof(OwnEvseStatusQueued), typeof(OwnEvseStatusSent),
                typeof(RoamingAuthorisationReceived), typeof(RoamingAuthorisationExpired), typeof(RoamingAuthorisationsDownloaded),
            ]);
            options.Projections.Add<OutboundCdrProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
            options.Projections.Add<OwnChargePointProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
            options.Projections.Add<OwnEvseStatusProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
            options.Projections.Add<ReceivedAuthorisationProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
            options.Projections.Add<AuthorisationDownloadsProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
            options.Schema.For<OutboundCdr>().Index(c => c.State).Index(c => c.NextAttemptAtMs);
            options.Schema.For<OwnChargePoint>().Index(c => c.Pending);
            options.Schema.For<OwnEvseStatus>().Index(s => s.Pending);
            options.Schema.For<ReceivedAuthorisation>().Index(t => t.ExpiryDateMs);
            options.Schema.For<OwnLocationZone>();
        });
        // The consumers are always there (they do nothing without a CPO login); only the jobs need the client configured.
        if (!settings.IsEnabled || settings.Cpo is null || !builder.Configuration.GetValue("Roaming:RunDaemon", true))
            return;
        builder.Services.AddRoamingJobs(quartz =>
        {
            Every<UploadCdrsJob>(quartz, "ochp-client-cdr-upload", settings.CdrUploadInterval);
            Every<UploadChargePointsJob>(quartz, "ochp-client-chargepoint-upload", settings.ChargePointUploadInterval);
            Every<UploadEvseStatusJob>(quartz, "ochp-client-status-upload", settings.StatusUploadInterval);
            Every<DownloadAuthorisationsJob>(quartz, "ochp-client-authorisation-download", settings.AuthorisationListInterval);
        });
    }

    /// <summary>From <c>OchpModule.AddConsumers</c>.</summary>
    public static void AddOchpCpoClientConsumers(this IRegistrationConfigurator consumers)
    {
        consumers.AddConsumer<OnCdrIssuedForClearingHouse>();
        consumers.AddConsumer<OnLocationChangedForClearingHouse>();
        consumers.AddConsumer<OnEvseStatusChangedForClearingHouse>();
    }

    /// <summary>From <c>OchpModule.MapEndpoints</c> (on the operator API): <c>GET /api/ochp/client/cdrs</c>.</summary>
    public static void MapOchpCpoClient(this IEndpointRouteBuilder api) => api.MapGetOutboundCdrs();

    /// <summary>The one transport both client roles share (the e-MSP side calls this too; registering twice is harmless).</summary>
    public static void AddTransport(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OchpClientOptions>().Bind(builder.Configuration.GetSection(OchpClientOptions.Section));
        builder.Services.AddHttpClient(ClearingHouseClient.HttpClientName);
        builder.Services.TryAddSingleton<ClearingHouseClient>();
    }

    private static OchpClientOptions Settings(IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(OchpClientOptions.Section).Get<OchpClientOptions>() ?? new OchpClientOptions();
        // At start-up, not at the first upload: the clearing house must never be the first to see a bad setting.
        settings.Validate();
        return settings;
    }

    private static void Every<TJob>(IQuartzBuilder quartz, string name, TimeSpan interval) where TJob : IJob =>
        quartz.ScheduleJob<TJob>(trigger => trigger.WithIdentity(name)
            .StartAt(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Math.Min(5, interval.TotalSeconds)))
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()));
}
