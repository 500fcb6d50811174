using JasperFx.Events;
using JasperFx.Events.Projections;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Clearing.Cdrs;
using Roaming.Clearing.Cdrs.Confirming;
using Roaming.Clearing.Cdrs.Finding;
using Roaming.Clearing.Cdrs.Getting;
using Roaming.Clearing.Cdrs.Submitting;
using Roaming.Clearing.Connections;
using Roaming.Clearing.Connections.Ending;
using Roaming.Clearing.Connections.Getting;
using Roaming.Clearing.Connections.Putting;
using Roaming.Clearing.Participants;
using Roaming.Clearing.Participants.Getting;
using Roaming.Clearing.Participants.Putting;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Clearing;

/// <summary>The clearing house: participants, roaming connections and the CDR clearing workflow behind the protocol adapters (OCHP first).</summary>
public sealed class ClearingModule : IRoamingModule
{
    public string Name => "clearing";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IIntegrationEventMap<IClearingStore>, ClearingIntegrationEvents>();
        builder.AddServiceStore<IClearingStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            // Uploads append hundreds of new CDR streams per commit and never append against an expected version (the
            // batch's states are read up front and decided in memory), so Quick append's plain inserts do: Rich append
            // costs a server-side function call per stream.
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Events.AddEventTypes([
                typeof(ParticipantRegistered), typeof(ParticipantChanged), typeof(ConnectionStarted), typeof(ConnectionLimitsChanged), typeof(ConnectionEnded),
                typeof(CdrUploaded), typeof(CdrAccepted), typeof(CdrFoundImplausible), typeof(CdrApproved), typeof(CdrDeclined), typeof(CdrRevised),
                typeof(CdrRejected),
            ]);
            options.Projections.Add<ParticipantProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<RoamingConnectionProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<IdClaim>();
            options.Schema.For<RoamingConnection>().Index(c => c.OperatorParticipantId).Index(c => c.ProviderId);
            options.Schema.For<ClearingCdr>().Index(c => c.CdrId).Index(c => c.ProviderId).Index(c => c.UploaderParticipantId).Index(c => c.UploadedAtUtc);
        });
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
        consumers.AddConsumer<OnSubmitCdrs>();
        consumers.AddConsumer<OnConfirmCdrs>();
        consumers.AddConsumer<OnFindCdrs>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapOperatorApi();
        api.MapPutParticipant();
        api.MapGetParticipants();
        api.MapPutConnection();
        api.MapEndConnection();
        api.MapGetConnections();
        api.MapGetCdrs();
        api.MapConfirmByOperator();
    }
}
