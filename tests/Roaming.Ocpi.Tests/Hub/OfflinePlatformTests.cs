using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Roaming.Ocpi.Hub.Clients;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Tests.Hub.Data;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub;

/// <summary>
/// The hub's record of which participants' platforms are OFFLINE, on the real host (clearing and OCPI modules, PostgreSQL)
/// with a virtual clock: what the calls observe (<see cref="IPartnerReachability"/>, told by the forwarder and the delivery
/// worker) becomes events, only on changes and at most one per <c>Roaming:Ocpi:Hub:ReachabilitySettle</c> (10 s); the
/// recorded state, not a node's memory, is what <c>GET /api/hub/clients</c> and hubclientinfo report.
/// </summary>
public sealed class OfflinePlatformTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Duration Settle = Duration.FromSeconds(10);
    private readonly FakeClock _clock = new(SystemClock.Instance.GetCurrentInstant());
    private HubDataHost _host = null!;
    private readonly List<ParticipantPlatform> _platforms = [];

    public async Task InitializeAsync()
    {
        _host = new HubDataHost(_clock);
        await _host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var platform in _platforms)
            await platform.DisposeAsync();
        await _host.DisposeAsync();
    }

    private IPartnerReachability Reachability => _host.Services.GetRequiredService<IPartnerReachability>();

    private async Task<Partner> PlatformOf(string participant, string party)
    {
        await _host.Participant(participant, [party], []);
        var receivers = await ParticipantPlatform.Start();
        _platforms.Add(receivers);
        var platform = await _host.Platform($"{participant}-platform", participant, "CPO", party, receivers);
        // The platform was stored behind the directory's back: its copy is reloaded once it is a second old (virtual time).
        _clock.Advance(Duration.FromSeconds(2));
        return platform;
    }

    private async Task<IReadOnlyList<object>> Changes(string platformId)
    {
        await using var session = _host.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(HubPlatformReachability.StreamOf(platformId))).Select(e => e.Data)];
    }

    private async Task<HubPlatformReachability?> Recorded(string platformId)
    {
        await using var session = _host.Store.QuerySession();
        return await session.LoadAsync<HubPlatformReachability>(HubPlatformReachability.StreamOf(platformId));
    }

    private async Task<string?> ClientStatus(string party) =>
        (await _host.Api.GetFromJsonAsync<JsonArray>("/api/hub/clients"))!
        .FirstOrDefault(c => $"{c!["country_code"]}*{c["party_id"]}" == party)?["status"]?.GetValue<string>();

    [Fact]
    public async Task a_platform_flapping_hundreds_of_times_records_one_change_per_settle_time_and_ends_as_it_was_last_seen()
    {
        var platform = await PlatformOf("cpo-f1", "NL*FL1");
        var ordinary = platform with { Id = "ordinary-partner", ParticipantId = null };
        await HubDataHost.Eventually(async () => await ClientStatus("NL*FL1") == ConnectionStatus.Connected, "the platform is listed CONNECTED");

        Reachability.Unreachable(ordinary, "Connection refused", "hub:delivery");
        Reachability.Unreachable(platform, "Connection refused", "hub:delivery");
        await HubDataHost.Eventually(async () => (await Recorded(platform.Id))?.Offline == true, "the platform is recorded OFFLINE");
        await HubDataHost.Eventually(async () => await ClientStatus("NL*FL1") == ConnectionStatus.Offline, "the platform is listed OFFLINE");
        var listed = (await _host.Api.GetFromJsonAsync<JsonArray>("/api/hub/clients"))!.Single(c => c!["party_id"]!.GetValue<string>() == "FL1")!;
        (listed["offline_reason"]!.GetValue<string>(), listed["offline_found_by"]!.GetValue<string>()).ShouldBe(("Connection refused", "hub:delivery"));
        // The API writes whole seconds.
        (_clock.GetCurrentInstant() - NodaTime.Text.InstantPattern.ExtendedIso.Parse(listed["offline_since"]!.GetValue<string>()).Value)
            .ShouldBeInRange(Duration.Zero, Duration.FromSeconds(1));
        // Our own platform's partners are not the hub's business: nothing is recorded for them.
        (await Recorded(ordinary.Id)).ShouldBeNull();

        // 400 observations over 40 s (virtual), alternating, the last one an answer.
        for (var i = 0; i < 200; i++)
        {
            Reachability.Answered(platform, "hub:forwarding");
            _clock.Advance(Duration.FromMilliseconds(100));
            Reachability.Unreachable(platform, "Connection refused", "hub:forwarding");
            _clock.Advance(Duration.FromMilliseconds(100));
            await Task.Yield();
        }
        Reachability.Answered(platform, "hub:forwarding");
        _clock.Advance(Settle);
        await HubDataHost.Eventually(async () => (await Recorded(platform.Id))?.Offline == false, "the platform is recorded CONNECTED, as it was last seen");
        await HubDataHost.Eventually(async () => await ClientStatus("NL*FL1") == ConnectionStatus.Connected, "the platform is listed CONNECTED again");

        var changes = await Changes(platform.Id);
        output.WriteLine($"401 observations in 40 s (virtual): {changes.Count} changes recorded: {string.Join(", ", changes.Select(c => c.GetType().Name))}");
        // OFFLINE, then at most one change per 10 s of the 40 s of flapping, then CONNECTED: never one per call.
        changes.Count.ShouldBeInRange(2, 2 + 4);
        changes.Select(c => c is HubPlatformWentOffline).ShouldBe(changes.Select((_, i) => i % 2 == 0));
        changes.OfType<HubPlatformWentOffline>().First().Reason.ShouldBe("Connection refused");
    }

    [Fact]
    public async Task a_change_another_node_recorded_is_what_this_node_reports_and_corrects()
    {
        var platform = await PlatformOf("cpo-n1", "NL*NO1");
        await HubDataHost.Eventually(async () => await ClientStatus("NL*NO1") == ConnectionStatus.Connected, "the platform is listed CONNECTED");

        // Another node's forwarder found the platform unreachable: only the event tells this node.
        await using (var session = _host.Store.LightweightSession())
        {
            session.Events.Append(HubPlatformReachability.StreamOf(platform.Id), 1,
                new HubPlatformWentOffline(platform.Id, "Connection refused", "hub:forwarding", _clock.GetCurrentInstant()));
            await session.SaveChangesAsync();
        }
        await HubDataHost.Eventually(async () => await ClientStatus("NL*NO1") == ConnectionStatus.Offline, "this node lists the platform OFFLINE");

        // A delivery of this node then reaches it: CONNECTED again (once this node has read the other's record).
        _clock.Advance(Settle);
        await HubDataHost.Eventually(async () =>
        {
            Reachability.Answered(platform, "hub:delivery");
            return (await Recorded(platform.Id))?.Offline == false;
        }, "the platform is recorded CONNECTED by this node");
        await HubDataHost.Eventually(async () => await ClientStatus("NL*NO1") == ConnectionStatus.Connected, "listed CONNECTED again");
        (await Changes(platform.Id)).Select(c => c.GetType().Name).ShouldBe([nameof(HubPlatformWentOffline), nameof(HubPlatformReachedAgain)]);
    }
}
