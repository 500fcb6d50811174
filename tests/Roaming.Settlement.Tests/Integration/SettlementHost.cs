using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.Events;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Clearing;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Testing;

namespace Roaming.Settlement.Tests.Integration;

/// <summary>
/// The host with the settlement module (and the clearing workflow that feeds it) on a free loopback port, real
/// PostgreSQL, the in-process bus.
/// </summary>
public sealed class SettlementHost : IAsyncLifetime
{
    public const string AdminKey = "settlement-test-admin";

    private WebApplication _app = null!;
    private string _connection = null!;

    public HttpClient Api { get; private set; } = null!;
    public IServiceProvider Services => _app.Services;
    public ISettlementStore Store => _app.Services.GetRequiredService<ISettlementStore>();
    public IClearingStore ClearingStore => _app.Services.GetRequiredService<IClearingStore>();

    public async Task InitializeAsync()
    {
        // A database per host: test classes run in parallel, each with its own host.
        _connection = await TestServers.FreshDatabase($"settlement_{Guid.NewGuid():N}"[..19]);
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        IReadOnlyList<IRoamingModule> modules = [new SettlementModule(), new ClearingModule()];
        var builder = RoamingApplication.CreateBuilder([], modules, options =>
        {
            options.Postgres = _connection;
            options.AdminKey = AdminKey;
        });
        builder.WebHost.UseUrls(url);
        _app = RoamingApplication.Build(builder, modules);
        await _app.StartAsync();
        Api = new HttpClient { BaseAddress = new Uri(url) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>A request through MassTransit's request client, as the protocol adapters send it.</summary>
    public async Task<TResponse> Request<TRequest, TResponse>(TRequest request) where TRequest : class where TResponse : class
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<IMediator>().CreateRequestClient<TRequest>();
        return (await client.GetResponse<TResponse>(request)).Message;
    }

    /// <summary>Publishes an integration message as another service's outbox would (the embedded bus is a mediator: no IPublishEndpoint).</summary>
    public Task Publish<T>(T message) where T : class =>
        _app.Services.GetRequiredService<IIntegrationBus>().Publish(message, Guid.NewGuid(), null, CancellationToken.None);

    public async Task<JsonElement> Json(string path)
    {
        var response = await Api.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<IReadOnlyList<IEvent>> Stream(string key)
    {
        await using var session = Store.QuerySession();
        return await session.Events.FetchStreamAsync(key);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestServers.DropDatabase(_connection);
    }
}
