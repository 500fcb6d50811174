using Roaming.Platform.Sealing.Shredding;
using JasperFx.Events;
using JasperFx.Events.Projections;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Roaming.Ocpi.Credentials;
using Roaming.Ocpi.Hub;
using Roaming.Ocpi.InvoiceReconciliation;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Partners.Creating;
using Roaming.Ocpi.Partners.Listing;
using Roaming.Ocpi.Partners.RegisteringWithPartner;
using Roaming.Ocpi.Partners.Rotating;
using Roaming.Ocpi.Partners.Unregistering;
using Roaming.Ocpi.Transport;
using Roaming.Ocpi.Versions;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Ocpi.Commands;
using Roaming.Ocpi.Feeding;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Objects.Sending;
using Roaming.Ocpi.Pulling;
using Roaming.Ocpi.Pushing;
using Roaming.Platform.Scheduling;
using Quartz;
using Roaming.Ocpi.Tokens;

namespace Roaming.Ocpi;

/// <summary>OCPI 2.2.1 with partners, as CPO and as eMSP: credentials, versions, the functional modules, pushes and commands.</summary>
public sealed class OcpiModule : IRoamingModule
{
    public string Name => "ocpi";

    public void AddServices(IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Roaming:Ocpi");
        // At start-up, not at the first handshake: a partner must never be the first to see a bad setting.
        (section.Get<OcpiOptions>() ?? new OcpiOptions()).Validate();
        builder.Services.Configure<OcpiOptions>(section);
        builder.Services.AddHttpClient(OcpiClient.HttpClientName);
        builder.Services.AddSingleton(services => TokenVault.Load(services.GetRequiredService<IOptions<OcpiOptions>>().Value,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<TokenVault>()));
        builder.Services.AddSingleton<OcpiClient>();
        builder.Services.AddSingleton<Roaming.Platform.Http.IRefusedRequestWriter, OcpiRefusedRequests>();
        builder.Services.AddSubjectKeyVault();
        builder.Services.AddSingleton<Objects.HolderFields>();
        builder.Services.AddSingleton<OwnPlatform>();
        builder.Services.AddSingleton<ChargingSessionFeed>();
        builder.Services.AddSingleton<IIntegrationBatchConsumer>(provider => provider.GetRequiredService<ChargingSessionFeed>());
        builder.Services.AddSingleton<IIntegrationEventMap<IOcpiStore>, OcpiIntegrationEvents>();
        builder.Services.AddSingleton<PartnerPull>();
        builder.Services.AddSingleton<OwnObjectPages>();
        builder.Services.AddHub(builder.Configuration.GetValue("Roaming:RunDaemon", true));
        builder.Services.AddSingleton<Hub.Cdrs.ReceiveHubCdr>();
        builder.Services.AddSingleton<Hub.Cdrs.HubCdrReleases>();
        builder.Services.AddSingleton<Hub.Cdrs.ReadHubCdr>();
        builder.Services.AddSingleton<Hub.Broadcast.ReceiveBroadcast>();
        builder.Services.AddSingleton<Hub.Broadcast.HubObjectPages>();
        builder.Services.AddSingleton<Hub.Broadcast.ReadHubLists>();
        builder.Services.AddSingleton<Hub.IHubData, Hub.Broadcast.HubData>();
        builder.Services.AddHostedService<ListFieldsBackfill>();
        if (builder.Configuration.GetValue("Roaming:RunDaemon", true))
        {
            builder.Services.AddHostedService<DeliveryWorker>();
            builder.Services.AddHostedService<TokenResealing>();
            var interval = builder.Configuration.GetValue("Roaming:Ocpi:PullInterval", TimeSpan.FromHours(1));
            builder.Services.AddRoamingJobs(quartz => quartz.ScheduleJob<PartnerPullJob>(trigger => trigger
                .WithIdentity("ocpi-partner-pull")
                .StartAt(DateTimeOffset.UtcNow + interval)
                .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever())));
        }
        builder.AddServiceStore<IOcpiStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventTypes([
                typeof(PartnerCreated), typeof(PartnerRegistered), typeof(RegistrationWithPartnerStarted), typeof(RegisteredWithPartner),
                typeof(PartnerCredentialsUpdated), typeof(PartnerUnregistered), typeof(OutboundTokenEncodingSet), typeof(OcpiObjectStored),
                typeof(CredentialsRotationStarted), typeof(CredentialsRotated), typeof(CredentialsRotationAbandoned), typeof(HubClientReported),
                typeof(PartnerTokenResealed), typeof(HubPartnerCreated),
                typeof(CommandReceived), typeof(CommandAnswered), typeof(CommandSent), typeof(CommandResultReceived),
                typeof(Objects.Receiving.PartnerCdrReconciliationRequested),
                typeof(DeliveryRequeued),
                typeof(Hub.Broadcast.HubObjectStored), typeof(Hub.Broadcast.HubObjectForwarded),
            ]);
            options.Projections.Add<Hub.Broadcast.HubObjectProjection>(ProjectionLifecycle.Inline);
            // The hub's sender lists page in the database (HubObjectPages): list order per module, and the parties they filter on.
            options.Schema.For<Hub.Broadcast.HubObject>().Index(o => o.Party).Index(o => o.SharedWithParty!)
                .Index([o => o.Module, o => o.FirstStoredTicks, o => o.Id], index => index.Name = "mt_doc_hubobject_idx_list_order")
                .Index([o => o.SharedWithParty!, o => o.FirstStoredTicks, o => o.Id], index => index.Name = "mt_doc_hubobject_idx_shared_order");
            options.Schema.For<Hub.Cdrs.HubCdrClearing>().Index(c => c.OperatorId);
            options.Projections.Add<CommandLogProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<Delivery>().Index(d => d.Status).Index(d => d.PartnerId).Index(d => d.OrderingKey).Index(d => d.NextAttemptAtUtc)
                .Index(d => d.CreatedAtUtc);
            options.Schema.For<SessionRoute>().Index(r => r.ChargePointId);
            options.Schema.For<PullWatermark>();
            options.Schema.For<Hub.Directory.HubParticipant>();
            options.Schema.For<Hub.Directory.HubConnection>().Index(c => c.OperatorId).Index(c => c.ProviderId);
            options.Schema.For<PushedVersion>().Index(v => v.ObjectKey);
            options.AddHubDocuments();
            options.Projections.Add<PartnerProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<OcpiObjectProjection>(ProjectionLifecycle.Inline);
            // ChargingSessionFeed loads a batch's session objects into its session's identity map; the inline projection
            // then folds onto those instead of loading each object again.
            options.Events.UseIdentityMapForAggregates = true;
            options.Schema.For<Partner>().Index(p => p.AcceptedTokenHash!).Index(p => p.PendingTokenHash!);
            // The sender lists page in the database (OwnObjectPages): one index in list order, one for date_from/date_to,
            // and the shared-with party, whose statistics tell the planner how much of a list a partner sees.
            options.Schema.For<OcpiObject>().Index(o => o.Module).Index(o => o.LastUpdated)
                .Index([o => o.ListedIn!, o => o.FirstStoredTicks, o => o.Id], index => index.Name = "mt_doc_ocpiobject_idx_list_order")
                .Index([o => o.ListedIn!, o => o.LastUpdatedTicks], index => index.Name = "mt_doc_ocpiobject_idx_list_dates")
                .Index(o => o.SharedWithParty!);
        });
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
        consumers.AddConsumer<OnLocationChanged>();
        consumers.AddConsumer<OnEvseStatusChanged>();
        consumers.AddConsumer<OnTariffChanged>();
        consumers.AddConsumer<OnTokenChanged>();
        // Embedded (mediator): the outbox hands a page's session starts and progress updates to ChargingSessionFeed in
        // one commit, so their per-message consumers must not be registered there too (they would run twice).
        if (consumers is not IMediatorRegistrationConfigurator)
        {
            consumers.AddConsumer<OnChargingSessionStarted>();
            consumers.AddConsumer<OnChargingSessionProgressed>();
        }
        consumers.AddConsumer<OnCdrIssued>();
        consumers.AddConsumer<OnChargePointCommandCompleted>();
        consumers.AddConsumer<OnAuthorizeTokenInRealTime>();
        consumers.AddConsumer<InvoiceReconciliation.OnStatementIssued>();
        consumers.AddConsumer<Hub.Directory.OnParticipantChanged>();
        consumers.AddConsumer<Hub.Directory.OnRoamingConnectionChanged>();
        consumers.AddConsumer<Hub.Cdrs.OnCdrClearingStatusChanged>();
        consumers.AddConsumer<Hub.Broadcast.OnHubObjectBridged>();
        consumers.AddConsumer<Hub.Broadcast.OnRoamingConnectionStarted>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapOperatorApi();
        api.MapCreatePartner();
        api.MapRegisterWithPartner();
        api.MapRotateCredentials();
        api.MapUnregisterPartner();
        api.MapGetPartners();
        api.MapGetDeliveries();
        api.MapResendDeliveries();
        api.MapGetReceivedObjects();
        api.MapPullNow();
        api.MapAuthorizeAtPartner();
        api.MapSendCommand();
        api.MapGetCommand();

        var configuration = endpoints.MapGroup(OcpiUrls.Root).AddEndpointFilter(new OcpiGate(OcpiAccess.Configuration));
        configuration.MapGetVersions();
        configuration.MapCredentials();
        configuration.MapHubClientInfo();

        var functional = endpoints.MapGroup(OcpiUrls.VersionRoot).AddEndpointFilter(new OcpiGate(OcpiAccess.Functional));
        functional.MapSenders();
        functional.MapReceivers();
        functional.MapAuthorizeToken();
        functional.MapReceiveCommand();
        functional.MapReceiveCommandResult();
        functional.MapInvoiceReconciliation();

        endpoints.MapHub(api);
    }
}
