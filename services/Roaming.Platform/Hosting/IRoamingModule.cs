using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Roaming.Platform.Hosting;

/// <summary>
/// One service of the single binary (Loki-style target). The host composes Marten, the bus and the endpoints once;
/// a module only contributes to them.
/// </summary>
public interface IRoamingModule
{
    /// <summary>Target name, lower kebab: <c>ingest</c>, <c>charging</c>.</summary>
    string Name { get; }

    /// <summary>Modules this one needs in the same process. Services learn from each other through messages, so this is usually empty.</summary>
    IReadOnlyList<string> DependsOn => [];

    /// <summary>DI registrations, the module's Marten store and its projections.</summary>
    void AddServices(IHostApplicationBuilder builder);

    /// <summary>Consumers of integration messages; the same registration serves the in-process mediator and RabbitMQ.</summary>
    void AddConsumers(IRegistrationConfigurator consumers) { }

    void MapEndpoints(IEndpointRouteBuilder endpoints) { }
}
