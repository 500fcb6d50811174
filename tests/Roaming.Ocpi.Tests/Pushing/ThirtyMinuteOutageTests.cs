using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marten;
using NodaTime;
using NodaTime.Testing;
using Roaming.Ocpi.Hub.Clients;
using Roaming.Ocpi.Pushing;
using Roaming.Contracts.Charging.V1;
using Roaming.Ocpi.Tests.Hub.Data;
using Roaming.Ocpi.Tests.Platforms;
using Roaming.Testing;
using Shouldly;
using Xunit.Abstractions;

namespace Roaming.Ocpi.Tests.Pushing;

/// <summary>
/// "A receiver offline for 30 minutes gets everything afterwards", for real on a virtual clock: the clearing house (clearing
/// and OCPI modules, PostgreSQL, the delivery worker with its production retry timings) runs on a <see cref="FakeClock"/>
/// that the test moves on in steps of <see cref="Step"/>; after each step it waits until the worker has made every attempt
/// that became due (a positive signal: the partner's next attempt lies in the future again). The participants' platforms
/// are hand-written receivers on loopback: closed (connection refused) for 15 minutes, then answering 503 for 15.
/// </summary>
public class ThirtyMinuteOutageTests(ITestOutputHelper output)
{
    private static readonly Duration Step = Duration.FromSeconds(15);

    [Fact]
    public async Task a_platform_behind_the_hub_down_for_thirty_minutes_gets_every_broadcast_and_its_cdr_exactly_once_afterwards()
    {
        var clock = new FakeClock(SystemClock.Instance.GetCurrentInstant());
        // The production retry timings (first wait 1 s, doubled up to 5 minutes, given up after 3 days): nothing shortened.
        var host = new HubDataHost(clock);
        await host.InitializeAsync();
        try
        {
            await host.Participant("cpo-z1", ["NL*ZC1"], []);
            await host.Participant("emsp-z1", [], ["NL*ZM1"]);
            await host.Connect("NL*ZC1", "NL*ZM1");
            await using var cpoPlatform = await ParticipantPlatform.Start();
            await using var emspPlatform = await ParticipantPlatform.Start();
            var cpo = await host.Platform("cpo-z1-platform", "cpo-z1", "CPO", "NL*ZC1", cpoPlatform);
            var emsp = await host.Platform("emsp-z1-platform", "emsp-z1", "EMSP", "NL*ZM1", emspPlatform);
            await cpoPlatform.GoDown();
            await emspPlatform.GoDown();
            var outageStart = clock.GetCurrentInstant();

            // What the two platforms miss (a second apart, as pushes come; a frozen clock would stamp them all alike): two versions of one location and one of another (for the e-MSP), two versions of a
            // token (for the CPO), and a CDR the CPO pushed, accepted by clearing and released to the e-MSP.
            var location = SpecExamples.ReadObject("location_example.json");
            location["country_code"] = "NL";
            location["party_id"] = "ZC1";
            location["id"] = "LOC-Z1";
            (await host.Call(HubDataHost.Push(cpo, "cpo-z1", "locations", "PUT", ["NL", "ZC1", "LOC-Z1"], to: HubDataHost.HubParty), location)).StatusCode.ShouldBe(1000);
            var renamed = new JsonObject { ["name"] = "Renamed while the e-MSP was down", ["last_updated"] = "2026-12-07T09:00:00Z" };
            clock.Advance(Duration.FromSeconds(1));
            (await host.Call(HubDataHost.Push(cpo, "cpo-z1", "locations", "PATCH", ["NL", "ZC1", "LOC-Z1"], to: HubDataHost.HubParty), renamed)).StatusCode.ShouldBe(1000);
            location["id"] = "LOC-Z2";
            clock.Advance(Duration.FromSeconds(1));
            (await host.Call(HubDataHost.Push(cpo, "cpo-z1", "locations", "PUT", ["NL", "ZC1", "LOC-Z2"], to: HubDataHost.HubParty), location)).StatusCode.ShouldBe(1000);
            var token = HubDataTests.Token("NL*ZM1", "0123456789Z1");
            (await host.Call(HubDataHost.Push(emsp, "emsp-z1", "tokens", "PUT", ["NL", "ZM1", "0123456789Z1"], to: HubDataHost.HubParty), token)).StatusCode.ShouldBe(1000);
            var blocked = new JsonObject { ["valid"] = false, ["last_updated"] = "2026-12-07T09:05:00Z" };
            clock.Advance(Duration.FromSeconds(1));
            (await host.Call(HubDataHost.Push(emsp, "emsp-z1", "tokens", "PATCH", ["NL", "ZM1", "0123456789Z1"], to: HubDataHost.HubParty), blocked)).StatusCode.ShouldBe(1000);
            clock.Advance(Duration.FromSeconds(1));
            (await host.Call(HubDataHost.Push(cpo, "cpo-z1", "cdrs", "POST", []), HubDataTests.Cdr("CDR-Z1", "NL*ZC1", "NL*ZM1"))).StatusCode.ShouldBe(1000);
            await HubDataHost.Eventually(async () => (await host.Deliveries(emsp.Id)).Count == 4 && (await host.Deliveries(cpo.Id)).Count == 2,
                "the e-MSP owed three location versions and the released CDR, the CPO two token versions");

            // 15 minutes with the ports closed, then 15 answering 503.
            var unavailableFrom = outageStart + Duration.FromMinutes(15);
            var outageEnd = outageStart + Duration.FromMinutes(30);
            var steps = 0;
            while (clock.GetCurrentInstant() < outageEnd)
            {
                if (clock.GetCurrentInstant() >= unavailableFrom && !emspPlatform.Unavailable)
                {
                    cpoPlatform.Unavailable = emspPlatform.Unavailable = true;
                    await cpoPlatform.ComeBack();
                    await emspPlatform.ComeBack();
                }
                clock.Advance(Step);
                steps++;
                await AttemptsMade(host.Store, clock, cpo.Id, emsp.Id);
            }

            foreach (var (platform, id) in new[] { (cpoPlatform, cpo.Id), (emspPlatform, emsp.Id) })
            {
                var owed = await host.Deliveries(id);
                output.WriteLine($"{id} after 30 minutes ({steps} steps of {Step.TotalSeconds} s): {platform.UnavailableAnswers} answered 503; " +
                    string.Join(", ", owed.OrderBy(d => d.QueuedAt).Select(d => $"{d.Module} {d.Method} {d.Status} after {d.Attempts} attempts, next {d.NextAttemptAt - clock.GetCurrentInstant()}")));
                // Still owed, nothing given up or refused.
                owed.ShouldAllBe(d => d.Status == DeliveryStatus.Retrying || d.Status == DeliveryStatus.Queued);
                // Backoff, not a hot loop: one request per platform finds out (the others wait behind it), with waits doubling
                // from 1 s up to 5 minutes (jitter: 2.5 to 5). Over 30 minutes that is about 12 to 18 attempts, not one per step.
                var attempts = owed.Sum(d => d.Attempts);
                attempts.ShouldBeInRange(8, 22);
                // While 503ing (15 minutes at the longest wait): 3 to 6 attempts, each answered 503 and counted by the platform.
                platform.UnavailableAnswers.ShouldBeInRange(2, 8);
                platform.Received.ShouldBeEmpty();
            }
            // The hub recorded both platforms OFFLINE once (however many attempts failed) and tells it on the operator API.
            await HubDataHost.Eventually(async () => Statuses(await host.Api.GetFromJsonAsync<JsonArray>("/api/hub/clients")) is var s &&
                s.Contains("NL*ZC1 CPO OFFLINE") && s.Contains("NL*ZM1 EMSP OFFLINE"), "both platforms are OFFLINE on /api/hub/clients");

            // Back: the next attempt (within the longest wait, 5 minutes) finds it, and everything owed follows.
            cpoPlatform.Unavailable = emspPlatform.Unavailable = false;
            var backAt = clock.GetCurrentInstant();
            while (!await AllDelivered(host.Store, cpo.Id, emsp.Id))
            {
                (clock.GetCurrentInstant() - backAt).ShouldBeLessThanOrEqualTo(Duration.FromMinutes(6), "delivered within the longest wait after coming back");
                clock.Advance(Step);
                await AttemptsMade(host.Store, clock, cpo.Id, emsp.Id);
            }
            output.WriteLine($"everything delivered {(clock.GetCurrentInstant() - backAt).TotalSeconds} s (virtual) after the platforms came back");

            var locations = emspPlatform.Of("locations");
            locations.Select(l => (l.Method, l.Path)).ShouldBe([("PUT", "/ocpi/2.2.1/locations/NL/ZC1/LOC-Z1"), ("PUT", "/ocpi/2.2.1/locations/NL/ZC1/LOC-Z1"),
                ("PUT", "/ocpi/2.2.1/locations/NL/ZC1/LOC-Z2")], ignoreOrder: true);
            // One object's versions in the order they were made: the original, then the renamed one.
            var z1 = locations.Where(l => l.Path.EndsWith("/LOC-Z1", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l.Body)!["name"]!.GetValue<string>()).ToList();
            z1.ShouldBe([SpecExamples.ReadObject("location_example.json")["name"]!.GetValue<string>(), "Renamed while the e-MSP was down"]);
            var cdr = emspPlatform.Of("cdrs").ShouldHaveSingleItem();
            (cdr.Method, JsonNode.Parse(cdr.Body)!["id"]!.GetValue<string>(), cdr.From, cdr.To).ShouldBe(("POST", "CDR-Z1", "NL*ZC1", "NL*ZM1"));
            var tokens = cpoPlatform.Of("tokens");
            tokens.Select(t => (t.Method, t.Path, JsonNode.Parse(t.Body)!["valid"]!.GetValue<bool>()))
                .ShouldBe([("PUT", "/ocpi/2.2.1/tokens/NL/ZM1/0123456789Z1", true), ("PUT", "/ocpi/2.2.1/tokens/NL/ZM1/0123456789Z1", false)]);

            // CONNECTED again, and the record of the platform's half hour: one change each way.
            await HubDataHost.Eventually(async () => Statuses(await host.Api.GetFromJsonAsync<JsonArray>("/api/hub/clients")) is var s &&
                s.Contains("NL*ZC1 CPO CONNECTED") && s.Contains("NL*ZM1 EMSP CONNECTED"), "both platforms are CONNECTED again");
            await using var session = host.Store.QuerySession();
            foreach (var id in new[] { cpo.Id, emsp.Id })
            {
                var changes = await session.Events.FetchStreamAsync(HubPlatformReachability.StreamOf(id));
                changes.Select(e => e.Data.GetType().Name).ShouldBe([nameof(HubPlatformWentOffline), nameof(HubPlatformReachedAgain)]);
                ((HubPlatformWentOffline)changes[0].Data).At.ShouldBeInRange(outageStart, outageStart + Duration.FromSeconds(10));
                ((HubPlatformWentOffline)changes[0].Data).Actor.ShouldBe("hub:delivery");
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task a_partner_of_our_own_platform_down_for_thirty_minutes_gets_every_push_once_and_in_order_afterwards()
    {
        var clock = new FakeClock(SystemClock.Instance.GetCurrentInstant());
        await using var partner = await FlakyPartner.Start();
        await using var cpo = await OcpiPlatform.Start("roaming_ocpi_push_thirty_minutes", "NL*CPO", clock);
        var partnerId = await PushRetryTests.Register(cpo, partner);
        await partner.GoDown();
        var outageStart = clock.GetCurrentInstant();

        // A session started (PUT), progressed (PATCH) and completed (PATCH) with its CDR (POST): each a second apart.
        await PushRetryTests.StartSession(cpo, partner, "S-Z");
        clock.Advance(Duration.FromSeconds(1));
        await cpo.Bus.Publish(new ChargingSessionProgressed("S-Z", "NL", "CPO", 2.5m, "EUR", 1.25m, 1.51m, "[]", PushRetryTests.Now + Duration.FromMinutes(10)),
            Guid.NewGuid(), null, CancellationToken.None);
        await HubDataHost.Eventually(async () => (await Deliveries(cpo.Store, partnerId)).Count == 2, "the session's PUT and PATCH are owed");
        clock.Advance(Duration.FromSeconds(1));
        await PushRetryTests.IssueCdr(cpo, "CDR-Z", "S-Z", 9.5m);
        await HubDataHost.Eventually(async () => (await Deliveries(cpo.Store, partnerId)).Count == 4, "the completion PATCH and the CDR POST are owed");

        // 15 minutes with the port closed, then 15 answering 503.
        var (steps, unavailable) = (0, false);
        while (clock.GetCurrentInstant() < outageStart + Duration.FromMinutes(30))
        {
            if (!unavailable && clock.GetCurrentInstant() >= outageStart + Duration.FromMinutes(15))
            {
                partner.Answer = (_, _) => (503, FlakyPartner.Envelope(3000, "maintenance"));
                await partner.ComeBack();
                unavailable = true;
            }
            clock.Advance(Step);
            steps++;
            await AttemptsMade(cpo.Store, clock, partnerId);
        }
        var owed = await Deliveries(cpo.Store, partnerId);
        output.WriteLine($"after 30 minutes ({steps} steps): {partner.Calls} answered 503; " +
            string.Join(", ", owed.OrderBy(d => d.QueuedAt).Select(d => $"{d.Method} {d.Status} after {d.Attempts} attempts")));
        owed.ShouldAllBe(d => d.Status == DeliveryStatus.Retrying || d.Status == DeliveryStatus.Queued);
        owed.Sum(d => d.Attempts).ShouldBeInRange(8, 22);
        partner.Calls.ShouldBeInRange(2, 8);
        partner.Taken.ShouldBeEmpty();

        partner.Answer = (_, _) => FlakyPartner.Accepted();
        var backAt = clock.GetCurrentInstant();
        while (!await AllDelivered(cpo.Store, partnerId))
        {
            (clock.GetCurrentInstant() - backAt).ShouldBeLessThanOrEqualTo(Duration.FromMinutes(6), "delivered within the longest wait after coming back");
            clock.Advance(Step);
            await AttemptsMade(cpo.Store, clock, partnerId);
        }
        output.WriteLine($"everything delivered {(clock.GetCurrentInstant() - backAt).TotalSeconds} s (virtual) after the partner came back");

        var taken = partner.Taken.ToList();
        taken.Select(t => t.Method == "POST" ? "POST " + JsonNode.Parse(t.Body)!["id"]!.GetValue<string>() : $"{t.Method} {t.Path["/ocpi/2.2.1/emsp/".Length..]}")
            .Order().ShouldBe(["PATCH sessions/NL/CPO/S-Z", "PATCH sessions/NL/CPO/S-Z", "POST CDR-Z", "PUT sessions/NL/CPO/S-Z"]);
        // The session's requests in the order they were made: the PUT, the progress, the completion.
        var session = taken.Where(t => t.Path.EndsWith("/S-Z", StringComparison.Ordinal)).ToList();
        session.Select(t => t.Method).ShouldBe(["PUT", "PATCH", "PATCH"]);
        JsonNode.Parse(session[1].Body)!["kwh"]!.GetValue<decimal>().ShouldBe(2.5m);
        JsonNode.Parse(session[2].Body)!["status"]!.GetValue<string>().ShouldBe("COMPLETED");
    }

    /// <summary>"CC*PID ROLE STATUS" of each party on <c>GET /api/hub/clients</c>.</summary>
    private static IReadOnlyList<string> Statuses(JsonArray? clients) =>
        [.. clients!.Select(c => $"{c!["country_code"]}*{c["party_id"]} {c["role"]} {c["status"]}")];

    /// <summary>
    /// Waits until the worker made every attempt that is due at the clock's time: each platform owes nothing, or one of its
    /// requests waits for a later attempt (after a failed attempt, the rest of that platform's queue waits behind it).
    /// </summary>
    private static Task AttemptsMade(IOcpiStore store, FakeClock clock, params string[] partnerIds) =>
        HubDataHost.Eventually(async () =>
        {
            var now = clock.GetCurrentInstant();
            foreach (var id in partnerIds)
            {
                var waiting = (await Deliveries(store, id)).Where(d => DeliveryStatus.IsWaiting(d.Status)).ToList();
                if (waiting.Count > 0 && !waiting.Any(d => d.NextAttemptAt > now))
                    return false;
            }
            return true;
        }, $"the delivery worker made the attempts due at {clock.GetCurrentInstant()}");

    private static async Task<IReadOnlyList<Delivery>> Deliveries(IOcpiStore store, string partnerId)
    {
        await using var session = store.QuerySession();
        return await session.Query<Delivery>().Where(d => d.PartnerId == partnerId).ToListAsync();
    }

    private static async Task<bool> AllDelivered(IOcpiStore store, params string[] partnerIds)
    {
        foreach (var id in partnerIds)
        {
            if (!(await Deliveries(store, id)).All(d => d.Status == DeliveryStatus.Delivered))
                return false;
        }
        return true;
    }
}
