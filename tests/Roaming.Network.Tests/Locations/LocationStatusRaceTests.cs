using System.Net.Http.Headers;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Network.Locations;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Network.Tests.Locations;

/// <summary>
/// The operator puts a location while the chargers of two of its EVSEs report statuses (as two nodes would take them),
/// on real PostgreSQL with the real endpoint and consumer. After every round the location's document must be the fold
/// of its events: a lost update (one writer's fold of an older document committed last) drops the operator's location
/// or an EVSE's status.
/// </summary>
public sealed class LocationStatusRaceTests : IAsyncLifetime
{
    private const string AdminKey = "network-race-admin";
    private const string LocationKey = "NL*TNM*LOC1";
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 1, 10, 0);

    private WebApplication _app = null!;
    private HttpClient _api = null!;
    private string _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = await TestServers.FreshDatabase("roaming_network_status_race");
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        IReadOnlyList<IRoamingModule> modules = [new NetworkModule()];
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
        (await PutLocation()).ShouldBeNull();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestServers.DropDatabase(_connection);
    }

    [Fact]
    public async Task Statuses_of_two_evses_and_the_operators_put_never_overwrite_each_other()
    {
        var store = _app.Services.GetRequiredService<INetworkStore>();
        var refusedPuts = new List<string>();
        for (var round = 1; round <= 40; round++)
        {
            // The operator's put and both chargers' statuses at the same moment (the statuses as two nodes would take them).
            var status = round % 2 == 0 ? "Available" : "Faulted";
            var at = T0 + Duration.FromSeconds(round);
            var put = Task.Run(() => PutLocation(round));
            await Task.WhenAll(put, Task.Run(() => Report("LOC1-E1", status, at)), Task.Run(() => Report("LOC1-E2", status, at)));
            if (await put is { } refused)
                refusedPuts.Add(refused);

            await using var session = store.QuerySession();
            var document = (await session.LoadAsync<PublishedLocation>(LocationKey))!;
            var folded = (await session.Events.AggregateStreamAsync<PublishedLocation>(LocationKey))!;
            Shape(document).ShouldBe(Shape(folded), $"round {round}: the location's document is not the fold of its events");
        }
        refusedPuts.ShouldBeEmpty("a put while statuses are recorded must not fail");
    }

    private static string Shape(PublishedLocation location) =>
        $"{location.Location.Address} {location.Location.LastUpdated} {location.LastChangedAt}: " +
        string.Join(", ", (location.Location.Evses ?? []).Select(e => $"{e.Uid} {e.Status} {e.LastUpdated}"));

    private Task Report(string evseUid, string status, Instant reportedAt) =>
        _app.Services.GetRequiredService<IIntegrationBus>().Publish(
            new ConnectorStatusChanged("CP1", 1, 1, new ConnectorReference("LOC1", evseUid, "1"), status, null, reportedAt,
                reportedAt + Duration.FromMilliseconds(250)),
            Guid.NewGuid(), null, CancellationToken.None);

    /// <summary>Puts the location; the answer when it failed, else null.</summary>
    private async Task<string?> PutLocation(int number = 1)
    {
        using var put = await _api.PutAsync("/api/locations/LOC1", new StringContent($$"""
            {"country_code":"NL","party_id":"TNM","id":"LOC1","publish":true,"address":"Stationsplein {{number}}","city":"Amsterdam",
             "country":"NLD","coordinates":{"latitude":"52.378900","longitude":"4.900500"},"time_zone":"Europe/Amsterdam",
             "last_updated":"2026-01-01T00:00:00Z",
             "evses":[{"uid":"LOC1-E1","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"last_updated":"2026-01-01T00:00:00Z"}]},
                        {"uid":"LOC1-E2","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"last_updated":"2026-01-01T00:00:00Z"}]}]}
            """, Encoding.UTF8, "application/json"));
        return put.IsSuccessStatusCode ? null : $"{(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}";
    }
}
