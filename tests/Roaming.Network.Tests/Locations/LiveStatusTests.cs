using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Contracts.Network.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Network.Tests.Locations;

/// <summary>
/// Network alone on real PostgreSQL with the embedded bus: connector statuses as Ingest publishes them become the EVSE's
/// status in the location read model and one published <see cref="EvseStatusChanged"/> per real change.
/// </summary>
public sealed class LiveStatusTests : IAsyncLifetime
{
    private const string AdminKey = "network-test-admin";
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 1, 10, 0);

    private WebApplication _app = null!;
    private HttpClient _api = null!;
    private string _connection = null!;
    private PublishedStatuses Published => _app.Services.GetRequiredService<PublishedStatuses>();

    public async Task InitializeAsync()
    {
        _connection = await TestServers.FreshDatabase("roaming_network_live_status");
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        IReadOnlyList<IRoamingModule> modules = [new NetworkModule(), new StatusListenerModule()];
        var builder = RoamingApplication.CreateBuilder([], modules, options =>
        {
            options.Postgres = _connection;
            options.AdminKey = AdminKey;
            options.Party = "NL*TNM";
        });
        builder.WebHost.UseUrls(url);
        _app = RoamingApplication.Build(builder, modules);
        await _app.StartAsync();
        _api = new HttpClient { BaseAddress = new Uri(url) };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var put = await _api.PutAsync("/api/locations/LOC1", new StringContent("""
            {"country_code":"NL","party_id":"TNM","id":"LOC1","publish":true,"address":"Stationsplein 1","city":"Amsterdam",
             "country":"NLD","coordinates":{"latitude":"52.378900","longitude":"4.900500"},"time_zone":"Europe/Amsterdam",
             "last_updated":"2026-01-01T00:00:00Z",
             "evses":[{"uid":"LOC1-E1","evse_id":"NL*TNM*E0001","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"last_updated":"2026-01-01T00:00:00Z"},
                             {"id":"2","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"last_updated":"2026-01-01T00:00:00Z"}]},
                        {"uid":"LOC1-E2","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"last_updated":"2026-01-01T00:00:00Z"}]}]}
            """, Encoding.UTF8, "application/json"));
        put.IsSuccessStatusCode.ShouldBeTrue(await put.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestServers.DropDatabase(_connection);
    }

    private Task Report(string evseUid, string connectorId, string status, Instant reportedAt, string? transactionId = null) =>
        _app.Services.GetRequiredService<IIntegrationBus>().Publish(
            new ConnectorStatusChanged("CP1", 1, int.Parse(connectorId), new ConnectorReference("LOC1", evseUid, connectorId), status, transactionId,
                reportedAt, reportedAt + Duration.FromMilliseconds(250)),
            Guid.NewGuid(), null, CancellationToken.None);

    private async Task<JsonNode> Location()
    {
        var text = await _api.GetStringAsync("/api/locations/LOC1");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task each_real_change_of_an_evse_is_shown_and_published_once_and_repeats_stale_and_unmapped_frames_change_nothing()
    {
        await Report("LOC1-E1", "1", "Available", T0);                                    // as the location shows: no change
        await Report("LOC1-E1", "1", "Preparing", T0 + Duration.FromSeconds(10));           // CHARGING
        await Report("LOC1-E1", "1", "Charging", T0 + Duration.FromSeconds(20), "42");      // still CHARGING
        await Report("LOC1-E1", "2", "Available", T0 + Duration.FromSeconds(25));           // the other connector: still CHARGING
        await Report("LOC1-E1", "1", "Charging", T0 + Duration.FromSeconds(30), "42");      // a repeat
        await Report("LOC1-E1", "1", "Faulted", T0 + Duration.FromSeconds(5));              // older than the last applied: not applied
        await _app.Services.GetRequiredService<IIntegrationBus>().Publish(
            new ConnectorStatusChanged("CP1", 1, 3, null, "Faulted", null, T0 + Duration.FromSeconds(31), T0 + Duration.FromSeconds(31)),
            Guid.NewGuid(), null, CancellationToken.None);                                   // unmapped connector: nowhere
        await Report("LOC1-E1", "1", "Finishing", T0 + Duration.FromSeconds(40));           // BLOCKED
        await Report("LOC1-E1", "1", "Available", T0 + Duration.FromSeconds(50));           // AVAILABLE (both connectors free)
        await Report("LOC1-E2", "1", "Faulted", T0 + Duration.FromSeconds(60));             // the other EVSE: OUTOFORDER, the marker

        var published = await Published.WaitFor(m => m.EvseUid == "LOC1-E2", TimeSpan.FromSeconds(30));
        published.Select(m => $"{m.EvseUid} {m.Status}").ShouldBe(
            ["LOC1-E1 CHARGING", "LOC1-E1 BLOCKED", "LOC1-E1 AVAILABLE", "LOC1-E2 OUTOFORDER"]);
        var charging = published[0];
        charging.ShouldBe(new EvseStatusChanged("NL", "TNM", "LOC1", "LOC1-E1", "NL*TNM*E0001", "CHARGING",
            T0 + Duration.FromSeconds(10), T0 + Duration.FromSeconds(10) + Duration.FromMilliseconds(250)));
        published[3].EvseId.ShouldBeNull();

        var location = await Location();
        location["evses"]![0]!["status"]!.GetValue<string>().ShouldBe("AVAILABLE");
        location["evses"]![0]!["last_updated"]!.GetValue<string>().ShouldBe("2026-12-01T10:00:50.25Z");
        location["evses"]![1]!["status"]!.GetValue<string>().ShouldBe("OUTOFORDER");
        location["evses"]![1]!["last_updated"]!.GetValue<string>().ShouldBe("2026-12-01T10:01:00.25Z");
        location["last_updated"]!.GetValue<string>().ShouldBe("2026-12-01T10:01:00.25Z");
        location["evses"]![0]!["connectors"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_redelivered_status_message_is_applied_once()
    {
        var bus = _app.Services.GetRequiredService<IIntegrationBus>();
        var message = new ConnectorStatusChanged("CP1", 1, 1, new ConnectorReference("LOC1", "LOC1-E1", "1"), "Faulted", null, T0, T0);
        var id = Guid.NewGuid();
        await bus.Publish(message, id, null, CancellationToken.None);
        await bus.Publish(message, id, null, CancellationToken.None);
        await Report("LOC1-E2", "1", "Unavailable", T0 + Duration.FromSeconds(1));  // the marker

        var published = await Published.WaitFor(m => m.EvseUid == "LOC1-E2", TimeSpan.FromSeconds(30));
        published.Select(m => $"{m.EvseUid} {m.Status}").ShouldBe(["LOC1-E1 OUTOFORDER", "LOC1-E2 INOPERATIVE"]);
    }
}

/// <summary>What Network published, in order.</summary>
public sealed class PublishedStatuses
{
    private readonly ConcurrentQueue<EvseStatusChanged> _messages = new();

    public void Add(EvseStatusChanged message) => _messages.Enqueue(message);

    public async Task<IReadOnlyList<EvseStatusChanged>> WaitFor(Func<EvseStatusChanged, bool> marker, TimeSpan timeout)
    {
        var deadline = Patience.DeadlineAfter(timeout);
        while (DateTime.UtcNow < deadline)
        {
            var seen = _messages.ToArray();
            if (seen.Any(marker))
                return seen;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no such EvseStatusChanged; got: {string.Join(", ", _messages.Select(m => $"{m.EvseUid} {m.Status}"))}");
    }
}

public sealed class RecordEvseStatusChanged(PublishedStatuses published) : IConsumer<EvseStatusChanged>
{
    public Task Consume(ConsumeContext<EvseStatusChanged> context)
    {
        published.Add(context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>Stands in for the services that listen to Network (OCPI), so the test sees what goes over the bus.</summary>
public sealed class StatusListenerModule : IRoamingModule
{
    public string Name => "status-listener";

    public void AddServices(IHostApplicationBuilder builder) => builder.Services.AddSingleton<PublishedStatuses>();

    public void AddConsumers(IRegistrationConfigurator consumers) => consumers.AddConsumer<RecordEvseStatusChanged>();
}
