using JasperFx.Events;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Platform.Sealing.Shredding;
using Microsoft.Extensions.Hosting;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Tokens.Tokens;
using Roaming.Tokens.Tokens.Getting;
using Roaming.Tokens.Tokens.Putting;
using Roaming.Tokens.Tokens.Receiving;

namespace Roaming.Tokens;

/// <summary>Tokens of our own and partner e-MSPs, and the authorization decisions chargers get from them.</summary>
public sealed class TokensModule : IRoamingModule
{
    public string Name => "tokens";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSubjectKeyVault();
        builder.Services.AddSingleton<TokenHolderData>();
        builder.Services.AddSingleton<IIntegrationEventMap<ITokensStore>, TokensIntegrationEvents>();
        builder.AddServiceStore<ITokensStore>(Name, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventType<TokenPut>();
            options.Projections.Add<RegisteredTokenProjection>(ProjectionLifecycle.Inline);
        });
    }

    public void AddConsumers(MassTransit.IRegistrationConfigurator consumers) => consumers.AddConsumer<OnPartnerTokenReceived>();

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapOperatorApi();
        api.MapPutToken();
        api.MapGetTokens();
    }
}
