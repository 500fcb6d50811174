using JasperFx.Events;
using JasperFx.Events.Projections;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Ocpi.Credentials;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Partners.Creating;
using Roaming.Ocpi.Partners.Listing;
using Roaming.Ocpi.Partners.RegisteringWithPartner;
using Roaming.Ocpi.Transport;
using Roaming.Ocpi.Versions;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi;

/// <summary>OCPI 2.2.1 with partners, as CPO and as eMSP: credentials, versions, the functional modules, pushes and commands.</summary>
public sealed class OcpiModule : IRoamingModule
{
    public string Name => "ocpi";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OcpiOptions>(builder.Configuration.GetSection("Roaming:Ocpi"));
        builder.Services.AddHttpClient(OcpiClient.HttpClientName);
        builder.Services.AddSingleton<OcpiClient>();
        builder.Services.AddSingleton<OwnPlatform>();
        builder.AddServiceStore<IOcpiStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventTypes([
                typeof(PartnerCreated), typeof(PartnerRegistered), typeof(RegistrationWithPartnerStarted), typeof(RegisteredWithPartner),
                typeof(PartnerCredentialsUpdated), typeof(PartnerUnregistered), typeof(OutboundTokenEncodingSet), typeof(OcpiObjectStored),
            ]);
            options.Projections.Add<PartnerProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<OcpiObjectProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<Partner>().Index(p => p.AcceptedTokenHash!);
            options.Schema.For<OcpiObject>().Index(o => o.Module).Index(o => o.LastUpdated);
        });
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapOperatorApi();
        api.MapCreatePartner();
        api.MapRegisterWithPartner();
        api.MapGetPartners();

        var configuration = endpoints.MapGroup(OcpiUrls.Root).AddEndpointFilter(new OcpiGate(OcpiAccess.Configuration));
        configuration.MapGetVersions();
        configuration.MapCredentials();

        var functional = endpoints.MapGroup(OcpiUrls.VersionRoot).AddEndpointFilter(new OcpiGate(OcpiAccess.Functional));
        _ = functional;
    }
}
