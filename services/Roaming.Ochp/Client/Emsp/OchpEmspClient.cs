using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Quartz;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ochp.Client.Emsp.Cdrs;
using Roaming.Ochp.Client.Emsp.Tariffs;
using Roaming.Ochp.Client.Emsp.Tokens;
using Roaming.Platform.Messaging;
using Roaming.Platform.Scheduling;
using Roaming.Platform.Sealing.Shredding;

namespace Roaming.Ochp.Client.Emsp;

/// <summary>
/// Our e-MSP role at a remote OCHP clearing house (<c>Roaming:Ochp:Client</c> with an <c>Emsp</c> login): our tokens go
/// on its authorisation list, and the CDRs of our contracts come back, are re-priced by Charging against the CPO's
/// tariff and approved or declined. Nothing is scheduled while the client has no endpoint or no e-MSP login; our tokens
/// are queued all the same, so a login added later starts from the whole list.
/// </summary>
public static class OchpEmspClient
{
    /// <summary>From <c>OchpModule.AddServices</c>, before its store is added (the outbox needs the message map first).</summary>
    public static void AddOchpEmspClient(this IHostApplicationBuilder builder)
    {
        var clientSection = builder.Configuration.GetSection(OchpClientOptions.Section);
        var emspSection = builder.Configuration.GetSection(OchpEmspClientOptions.Section);
        var client = clientSection.Get<OchpClientOptions>() ?? new OchpClientOptions();
        var emsp = emspSection.Get<OchpEmspClientOptions>() ?? new OchpEmspClientOptions();
        var enabled = client.IsEnabled && client.Emsp is not null;
        // At start-up, not at the first exchange: the clearing house must never be the first to see a bad setting.
        if (enabled && emsp.Problems() is { Count: > 0 } problems)
            throw new InvalidOperationException("Invalid OCHP client settings: " + string.Join("; ", problems));

        var services = builder.Services;
        OchpCpoClient.AddTransport(builder);
        services.Configure<OchpEmspClientOptions>(emspSection);
        services.AddSubjectKeyVault();
        services.TryAddSingleton<IIntegrationEventMap<IOchpStore>, OchpIntegrationEvents>();
        services.AddSingleton<IOchpMessageSource, EmspClientMessages>();
        services.ConfigureMarten<IOchpStore>(EmspClientStore.Configure);
        services.AddSingleton<OwnTokenUploadJob>();
        services.AddSingleton<PartnerCdrFetchJob>();
        services.AddSingleton<PartnerCdrConfirmJob>();
        if (!enabled || !builder.Configuration.GetValue("Roaming:RunDaemon", true))
            return;
        services.AddRoamingJobs(quartz =>
        {
            Every<OwnTokenUploadJob>(quartz, "ochp-emsp-token-upload", emsp.TokenUploadInterval);
            Every<PartnerCdrFetchJob>(quartz, "ochp-emsp-cdr-fetch", emsp.CdrFetchInterval);
            Every<PartnerCdrConfirmJob>(quartz, "ochp-emsp-cdr-confirm", emsp.CdrConfirmInterval);
        });
    }

    /// <summary>From <c>OchpModule.AddConsumers</c>.</summary>
    public static void AddOchpEmspClientConsumers(this IRegistrationConfigurator consumers)
    {
        consumers.AddConsumer<OnOwnTokenChanged>();
        consumers.AddConsumer<OnPartnerCdrReconciled>();
    }

    /// <summary>From <c>OchpModule.MapEndpoints</c>, on the operator API.</summary>
    public static void MapOchpEmspClient(this IEndpointRouteBuilder api)
    {
        api.MapGetOwnTokenUploads();
        api.MapGetReceivedCdrs();
    }

    private static void Every<TJob>(IQuartzBuilder quartz, string name, TimeSpan interval) where TJob : IJob =>
        quartz.ScheduleJob<TJob>(trigger => trigger
            .WithIdentity(name)
            .StartAt(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1))
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()));

    private static class EmspClientStore
    {
        public static void Configure(StoreOptions options)
        {
            options.Events.AddEventTypes([
                typeof(OwnTokenQueued), typeof(OwnTokenAccepted), typeof(OwnTokenRefused), typeof(OwnTokenListReplaced),
                typeof(PartnerTariffReceived),
                typeof(PartnerCdrFetched), typeof(PartnerCdrReconciliationAsked), typeof(PartnerCdrDecided), typeof(PartnerCdrConfirmed),
                typeof(PartnerCdrConfirmationRefused),
            ]);
            options.Projections.Add<OwnTokenUploadProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<OwnTokenListProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<ReceivedTariffProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<ReceivedCdrProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<OwnTokenUpload>().Index(t => t.State);
            options.Schema.For<ReceivedCdr>().Index(c => c.CdrId).Index(c => c.State).Index(c => c.ReceivedAt);
            options.Schema.For<ClientSyncState>();
        }
    }

    /// <summary>The CDRs we received go to Charging for re-pricing, as any partner CDR does.</summary>
    private sealed class EmspClientMessages : IOchpMessageSource
    {
        public IReadOnlyCollection<Type> PublishedEventTypes { get; } = [typeof(PartnerCdrReconciliationAsked)];

        public object? ToMessage(IEvent stored) => stored.Data is PartnerCdrReconciliationAsked asked
            ? new PartnerCdrReceived(asked.CountryCode, asked.PartyId, asked.CdrId, asked.CdrJson, asked.TariffJsons, asked.TimeZone)
            : null;
    }
}
