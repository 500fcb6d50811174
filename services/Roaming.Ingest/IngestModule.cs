using JasperFx.Events;
using JasperFx.Events.Projections;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Ingest.Authorizing;
using Roaming.Ingest.Commands;
using Roaming.Ingest.Commands.Sending;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.ChargePoints.Getting;
using Roaming.Ingest.ChargePoints.Registering;
using Roaming.Ingest.Connections;
using Roaming.Platform.Security;
using Roaming.Ingest.Diagnostics;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Protocols;
using Roaming.Ingest.Publishing;
using Roaming.Ingest.Recording;
using Roaming.Ingest.Reservations;
using Roaming.Ingest.Transactions;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Platform.Scheduling;
using Roaming.Ingest.Transactions.Sweeping;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace Roaming.Ingest;

/// <summary>OCPP-J 1.6 and 2.0.1 CSMS endpoint: records every frame and derives charger facts.</summary>
public sealed class IngestModule : IRoamingModule
{
    public string Name => "ingest";

    private IngestNode _node = IngestNode.From(null);

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.Configure<IngestLimits>(builder.Configuration.GetSection("Roaming:Ingest"));
        builder.Services.Configure<RealTimeAuthorizationOptions>(builder.Configuration.GetSection("Roaming:Ingest"));
        builder.Services.AddSingleton<TokenAuthorizer>();
        builder.Services.AddSingleton<OcppSchemas>();
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<VerifiedPasswords>();
        _node = IngestNode.From(builder.Configuration["Roaming:Ingest:NodeId"]);
        builder.Services.AddSingleton(_node);
        builder.Services.AddSingleton<ConnectionPresence>();
        builder.Services.AddSingleton<CommandCourier>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<CommandCourier>());
        builder.Services.AddSingleton<JournalTimings>();
        builder.Services.AddSingleton<FrameJournal>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<FrameJournal>());
        builder.Services.AddKeyedSingleton<IChargePointProtocol, Ocpp16Protocol>(OcppVersion.V16);
        builder.Services.AddKeyedSingleton<IChargePointProtocol, Ocpp201Protocol>(OcppVersion.V201);
        builder.Services.AddSingleton<IIntegrationEventMap<IIngestStore>, IngestIntegrationEvents>();
        // The sweep runs where the daemon runs: exactly one process per service (ARCHITECTURE.md 4).
        if (builder.Configuration.GetValue("Roaming:RunDaemon", true))
        {
            var sweepEvery = builder.Configuration.PositiveDuration("Roaming:Ingest:StaleTransactionSweepInterval", new IngestLimits().StaleTransactionSweepInterval);
            builder.Services.AddRoamingJobs(quartz => quartz.ScheduleJob<StaleTransactionSweep>(trigger => trigger
                .WithIdentity("ingest-stale-transaction-sweep")
                .StartAt(DateTimeOffset.UtcNow + sweepEvery)
                .WithSimpleSchedule(schedule => schedule.WithInterval(sweepEvery).RepeatForever())));
        }
        builder.AddServiceStore<IIngestStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Events.AddEventTypes([
                typeof(ChargePointRegistered), typeof(ChargePointBooted), typeof(ConnectorStatusReported),
                typeof(TransactionStarted), typeof(TransactionBegan), typeof(TransactionTokenPresented), typeof(MeterValuesSampled), typeof(TransactionStopped), typeof(OcppFrameRecorded), typeof(ChargePointCommandAnswered), typeof(RemoteStartRequested),
                typeof(TokenAuthorizedByEmsp), typeof(ReservationRequested), typeof(ReservationEnded),
                typeof(ChargePointConnected), typeof(ChargePointDisconnected), typeof(OperatorCommandRequested),
            ]);
            // The ChargePoint state snapshot is written by the frame journal from the state its writer holds; only the
            // registration is projected (see ChargePointRegistration).
            options.Projections.Add<ChargePointRegistrationProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<ChargePointPresenceProjection>(ProjectionLifecycle.Inline);
            // Its own table name: the state used to be an inline snapshot (bigint mt_version) in mt_doc_chargepoint, which
            // Marten cannot migrate to a plain document's uuid version, so a database from before would not start.
            options.Schema.For<ChargePoint>().DocumentAlias("chargepoint_state");
            options.Schema.For<KnownToken>();
            options.Schema.For<OcppReservation>().UniqueIndex(r => r.Key);
        });
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
        consumers.AddConsumer<OnTokenChanged>();
        // Real-time authorization: answered by the OCPI service (in this process through the mediator, or over RabbitMQ).
        consumers.AddRequestClient<Contracts.Ocpi.V1.AuthorizeTokenInRealTime>();
        // A queue per node (temporary: it goes with the node), so every node sees every command and the one holding the
        // charger's connection sends it. The in-process mediator ignores endpoints.
        consumers.AddConsumer<OnChargePointCommandRequested>().Endpoint(endpoint =>
        {
            endpoint.InstanceId = _node.Id;
            endpoint.Temporary = true;
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOcppEndpoint();
        var api = endpoints.MapOperatorApi();
        api.MapRegisterChargePoint();
        api.MapGetChargePoints();
        api.MapSendChargePointCommand();
        api.MapIngestDiagnostics();
    }
}
