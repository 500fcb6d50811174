using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using NodaTime;
using Roaming.Ocpi.Hub.Clients;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Hub.Forwarding;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Tests.Platforms;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub;

/// <summary>
/// The hub (a Roaming platform of NL*HUB) with two participants' platforms on loopback, written by hand after the spec
/// (<see cref="HubPeer"/>): the CPO NL*CPO (participant P-CPO) and the e-MSP NL*MSP (P-MSP), joined by a roaming
/// connection; P-LON owns NL*LON, connected to nobody. Each platform got token A from the operator API and registered
/// with the hub's credentials; the test then calls the hub as either platform with the token the hub gave it.
/// </summary>
public class HubPlatformsTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 1, 9, 0);
    private OcpiPlatform _hub = null!;
    private HubPeer _cpo = null!;
    private HubPeer _msp = null!;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HttpClient> _clients = new();

    public async Task InitializeAsync()
    {
        _hub = await OcpiPlatform.Start("roaming_ocpi_hub_routing", "NL*HUB", "--Roaming:Ocpi:Hub:ForwardTimeout=00:00:03",
            "--Roaming:Ocpi:Hub:OfflineHold=00:00:00.200", "--Roaming:Ocpi:Hub:ReachabilitySettle=00:00:00.200", "--Roaming:Ocpi:DeliveryFirstRetryAfter=00:00:00.100",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning");
        await using (var session = _hub.Store.LightweightSession())
        {
            session.Store(new HubParticipant("P-CPO", "The CPO", ["NL*CPO"], [], false, At), new HubParticipant("P-MSP", "The e-MSP", [], ["NL*MSP"], false, At),
                new HubParticipant("P-LON", "Lone CPO", ["NL*LON"], [], false, At));
            session.Store(new HubConnection(HubConnection.IdOf("NL*CPO", "NL*MSP"), "NL*CPO", "NL*MSP", true, At));
            await session.SaveChangesAsync();
        }
        _msp = await Join("P-MSP", "msp", ("EMSP", "NL*MSP"));
        _cpo = await Join("P-CPO", "cpo", ("CPO", "NL*CPO"));
    }

    public async Task DisposeAsync()
    {
        await _cpo.DisposeAsync();
        await _msp.DisposeAsync();
        await _hub.DisposeAsync();
    }

    private async Task<HubPeer> Join(string participant, string name, params (string Role, string Party)[] roles)
    {
        var (tokenA, _) = await IssueToken(participant);
        var peer = await HubPeer.Start(name);
        var answer = await Register(tokenA, peer, roles);
        answer["status_code"]!.GetValue<int>().ShouldBe(1000, answer.ToJsonString());
        peer.HubToken = answer["data"]!["token"]!.GetValue<string>();
        return peer;
    }

    private async Task<(string TokenA, string VersionsUrl)> IssueToken(string participant)
    {
        var issued = await _hub.Api.PostAsync($"/api/clearing/participants/{participant}/ocpi", null);
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var body = (await issued.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["token_a"]!.GetValue<string>(), body["versions_url"]!.GetValue<string>());
    }

    private async Task<JsonObject> Register(string tokenA, HubPeer peer, params (string Role, string Party)[] roles)
    {
        var credentials = new JsonObject
        {
            ["token"] = peer.Token, ["url"] = peer.VersionsUrl,
            ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)new JsonObject
            {
                ["role"] = r.Role, ["country_code"] = r.Party[..2], ["party_id"] = r.Party[3..], ["business_details"] = new JsonObject { ["name"] = r.Party },
            })]),
        };
        var response = await _hub.Ocpi(tokenA).PostAsync("/ocpi/hub/2.2.1/credentials", Json(credentials.ToJsonString()));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>A call to the hub as <paramref name="platform"/>, with the routing headers given (TO left out when null).</summary>
    private async Task<(HttpResponseMessage Response, JsonObject? Body)> Call(HubPeer platform, HttpMethod method, string path, string from, string? to,
        string? body = null, string? requestId = null, string? correlationId = null)
    {
        using var request = new HttpRequestMessage(method, "/ocpi/hub/2.2.1/" + path);
        request.Headers.TryAddWithoutValidation("OCPI-from-country-code", from[..2]);
        request.Headers.TryAddWithoutValidation("OCPI-from-party-id", from[3..]);
        if (to is not null)
        {
            request.Headers.TryAddWithoutValidation("OCPI-to-country-code", to[..2]);
            request.Headers.TryAddWithoutValidation("OCPI-to-party-id", to[3..]);
        }
        if (requestId is not null)
            request.Headers.TryAddWithoutValidation("X-Request-ID", requestId);
        if (correlationId is not null)
            request.Headers.TryAddWithoutValidation("X-Correlation-ID", correlationId);
        if (body is not null)
            request.Content = Json(body);
        var response = await _clients.GetOrAdd(platform.HubToken!, token => _hub.Ocpi(token)).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    private static string Base64(string token) => "Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token));

    private async Task<JsonArray> Traffic(string query) =>
        (await _hub.Api.GetFromJsonAsync<JsonArray>("/api/hub/traffic?" + query))!;

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> condition, int seconds = 20)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (condition(value) || deadline.Elapsed > Patience.For(TimeSpan.FromSeconds(seconds)))
                return value;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task APlatformRegistersOnlyWithItsParticipantsPartiesAndTheHubAnswersAsHub()
    {
        (await _hub.Api.PostAsync("/api/clearing/participants/P-NONE/ocpi", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (tokenA, versionsUrl) = await IssueToken("P-LON");
        versionsUrl.ShouldBe(_hub.Url + "/ocpi/hub/versions");
        await using var lone = await HubPeer.Start("lone");

        var refused = await Register(tokenA, lone, ("CPO", "NL*LON"), ("EMSP", "NL*LON"));
        refused["status_code"]!.GetValue<int>().ShouldBe(2001);
        refused["status_message"]!.GetValue<string>().ShouldBe("roles[1]: role EMSP NL*LON is not one of participant P-LON's Provider-IDs");
        lone.Received.ShouldBeEmpty();
        await using (var session = _hub.Store.QuerySession())
            (await session.Query<Partner>().SingleAsync(p => p.ParticipantId == "P-LON")).Status.ShouldBe(PartnerStatus.Created);

        var registered = await Register(tokenA, lone, ("CPO", "NL*LON"));
        registered["status_code"]!.GetValue<int>().ShouldBe(1000, registered.ToJsonString());
        registered["data"]!["url"]!.GetValue<string>().ShouldBe(_hub.Url + "/ocpi/hub/versions");
        registered["data"]!["roles"]!.ToJsonString().ShouldBe("""[{"role":"HUB","business_details":{"name":"Roaming NL*HUB"},"party_id":"HUB","country_code":"NL"}]""");

        var details = (await (await _hub.Ocpi(registered["data"]!["token"]!.GetValue<string>()).GetAsync("/ocpi/hub/2.2.1")).Content.ReadFromJsonAsync<JsonObject>())!;
        var endpoints = details["data"]!["endpoints"]!.AsArray().Select(e => $"{e!["identifier"]} {e["role"]} {e["url"]}").ToList();
        endpoints.Count.ShouldBe(14);
        endpoints.ShouldContain($"locations SENDER {_hub.Url}/ocpi/hub/2.2.1/sender/locations");
        endpoints.ShouldContain($"commands RECEIVER {_hub.Url}/ocpi/hub/2.2.1/receiver/commands");
        endpoints.ShouldContain($"hubclientinfo SENDER {_hub.Url}/ocpi/hub/2.2.1/hubclientinfo");
    }

    [Fact]
    public async Task TheHubAndOurOwnPlatformEachRefuseTheOthersTokens()
    {
        (await _hub.Ocpi(_msp.HubToken!).GetAsync("/ocpi/2.2.1/cpo/locations")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _hub.Ocpi(_msp.HubToken!).GetAsync("/ocpi/versions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var partner = (await (await _hub.Api.PostAsJsonAsync("/api/partners", new { name = "Ordinary" })).Content.ReadFromJsonAsync<JsonObject>())!;
        (await _hub.Ocpi(partner["token_a"]!.GetValue<string>()).GetAsync("/ocpi/hub/versions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _hub.Ocpi(partner["token_a"]!.GetValue<string>()).GetAsync("/ocpi/versions")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AForwardedGetComesBackAsTheReceiverAnsweredWithItsLinkOnTheHub()
    {
        var page = new JsonArray(new JsonObject { ["id"] = "LOC1" });
        _cpo.Answer = (_, _) => (200, HubPeer.Envelope(1000, null, page.DeepClone()), new Dictionary<string, string>
        {
            ["X-Total-Count"] = "2", ["X-Limit"] = "1", ["Link"] = $"<{_cpo.Module("sender", "locations")}?offset=1&limit=1>; rel=\"next\"",
            ["OCPI-from-country-code"] = "NL", ["OCPI-from-party-id"] = "CPO", ["OCPI-to-country-code"] = "NL", ["OCPI-to-party-id"] = "MSP",
        });

        var (response, body) = await Call(_msp, HttpMethod.Get, "sender/locations?limit=1", "NL*MSP", "NL*CPO", requestId: "r-1", correlationId: "c-1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["data"]!.ToJsonString().ShouldBe("""[{"id":"LOC1"}]""");
        body["status_code"]!.GetValue<int>().ShouldBe(1000);
        Header(response, "X-Total-Count").ShouldBe("2");
        Header(response, "X-Limit").ShouldBe("1");
        Header(response, "Link").ShouldBe($"<{_hub.Url}/ocpi/hub/2.2.1/sender/locations?offset=1&limit=1>; rel=\"next\"");
        Header(response, "OCPI-from-party-id").ShouldBe("CPO");
        Header(response, "X-Correlation-ID").ShouldBe("c-1");
        var forwarded = ModuleCalls(_cpo).ShouldHaveSingleItem();
        forwarded.Method.ShouldBe("GET");
        forwarded.PathAndQuery.ShouldBe("/ocpi/2.2.1/sender/locations?limit=1");
        forwarded.Header("Authorization").ShouldBe(Base64(_cpo.Token));
        (forwarded.Header("OCPI-from-country-code"), forwarded.Header("OCPI-from-party-id"), forwarded.Header("OCPI-to-country-code"),
            forwarded.Header("OCPI-to-party-id")).ShouldBe(("NL", "MSP", "NL", "CPO"));
        forwarded.Header("X-Request-ID").ShouldNotBeOneOf("r-1", "");
        forwarded.Header("X-Correlation-ID").ShouldBe("c-1");

        var recorded = (await Traffic("party=NL*MSP")).ShouldHaveSingleItem()!;
        (recorded["result"]!.GetValue<string>(), recorded["from"]!.GetValue<string>(), recorded["to"]!.GetValue<string>(), recorded["module"]!.GetValue<string>(),
            recorded["interface_role"]!.GetValue<string>(), recorded["http_status"]!.GetValue<int>(), recorded["ocpi_status"]!.GetValue<int>(),
            recorded["request_id"]!.GetValue<string>()).ShouldBe(("forwarded", "NL*MSP", "NL*CPO", "locations", "SENDER", 200, 1000, "r-1"));
    }

    [Fact]
    public async Task APushIsForwardedAndTheReceiversRefusalPassedBackUnchangedWhileBadInputNeverLeavesTheHub()
    {
        _msp.Answer = (_, _) => (200, HubPeer.Envelope(2001, "Unknown tariff TARIFF-X"), new Dictionary<string, string>());
        var location = SpecExamples.ReadObject("location_example.json");
        location["country_code"] = "NL";
        location["party_id"] = "CPO";

        var (response, body) = await Call(_cpo, HttpMethod.Put, "receiver/locations/NL/CPO/LOC1", "NL*CPO", "NL*MSP", location.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (body!["status_code"]!.GetValue<int>(), body["status_message"]!.GetValue<string>()).ShouldBe((2001, "Unknown tariff TARIFF-X"));
        var pushed = ModuleCalls(_msp).ShouldHaveSingleItem();
        (pushed.Method, pushed.PathAndQuery).ShouldBe(("PUT", "/ocpi/2.2.1/receiver/locations/NL/CPO/LOC1"));
        JsonNode.DeepEquals(JsonNode.Parse(pushed.Body), location).ShouldBeTrue();
        pushed.Header("Authorization").ShouldBe(Base64(_msp.Token));

        var (badJson, badJsonBody) = await Call(_cpo, HttpMethod.Put, "receiver/locations/NL/CPO/LOC1", "NL*CPO", "NL*MSP", "{\"id\": ");
        badJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badJsonBody!["status_code"]!.GetValue<int>().ShouldBe(2001);
        location.Remove("address");
        var (_, invalid) = await Call(_cpo, HttpMethod.Put, "receiver/locations/NL/CPO/LOC1", "NL*CPO", "NL*MSP", location.ToJsonString());
        invalid!["status_code"]!.GetValue<int>().ShouldBe(2001);
        invalid["status_message"]!.GetValue<string>().ShouldContain("address");
        ModuleCalls(_msp).Count.ShouldBe(1);
        (await Traffic("result=refused")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task AnUnknownUnconnectedSlowOrUnreachableReceiverGetsTheHubsStatusCodes()
    {
        var (_, unknown) = await Call(_cpo, HttpMethod.Get, "sender/tokens", "NL*CPO", "XX*NOB");
        unknown!["status_code"]!.GetValue<int>().ShouldBe(4001);
        var (_, noParty) = await Call(_cpo, HttpMethod.Get, "sender/tokens", "NL*CPO", "N*NOPARTY");
        (noParty!["status_code"]!.GetValue<int>(), noParty["status_message"]!.GetValue<string>()).ShouldBe((2001,
            "OCPI-to-country-code and OCPI-to-party-id must name a party (2 and 3 letters or digits) or both be left out"));
        (await Traffic("result=refused&party=NL*CPO")).Select(r => r!["ocpi_status"]!.GetValue<int>()).ShouldBe([2001, 4001]);
        var (_, unconnected) = await Call(_msp, HttpMethod.Get, "sender/locations", "NL*MSP", "NL*LON");
        (unconnected!["status_code"]!.GetValue<int>(), unconnected["status_message"]!.GetValue<string>())
            .ShouldBe((4003, "No active roaming connection between NL*MSP and NL*LON"));

        // The forward timeout is 3 s (not less: the load test in this class must not meet it on a busy machine); the
        // receiver stalls far longer, and the hub answers 4002 well before the receiver would.
        _msp.Stall = TimeSpan.FromSeconds(20);
        var timer = Stopwatch.StartNew();
        var (_, slow) = await Call(_cpo, HttpMethod.Get, "sender/tokens", "NL*CPO", "NL*MSP");
        slow!["status_code"]!.GetValue<int>().ShouldBe(4002);
        timer.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        _msp.Stall = TimeSpan.Zero;

        await _cpo.GoDown();
        var (_, down) = await Call(_msp, HttpMethod.Get, "sender/locations", "NL*MSP", "NL*CPO");
        down!["status_code"]!.GetValue<int>().ShouldBe(4003);
        // The e-MSP's platform hears that the CPO went OFFLINE, and CONNECTED again once a call reaches it.
        await Eventually(() => Task.FromResult(ClientInfo(_msp, "CPO")), infos => infos.Contains("OFFLINE"));
        await _cpo.ComeBack();
        var back = await Eventually(() => Call(_msp, HttpMethod.Get, "sender/locations", "NL*MSP", "NL*CPO"), r => r.Body!["status_code"]!.GetValue<int>() == 1000);
        back.Body!["status_code"]!.GetValue<int>().ShouldBe(1000);
        var statuses = await Eventually(() => Task.FromResult(ClientInfo(_msp, "CPO")), infos => infos.LastOrDefault() == "CONNECTED" && infos.Contains("OFFLINE"));
        statuses.ShouldBe(["CONNECTED", "OFFLINE", "CONNECTED"]);
        // Recorded as events (the same on every node, and for the auditor), and listed on the operator API.
        var cpoPlatform = await PlatformOf("P-CPO");
        await using var session = _hub.Store.QuerySession();
        var changes = (await session.Events.FetchStreamAsync(HubPlatformReachability.StreamOf(cpoPlatform.Id))).Select(e => e.Data).ToList();
        changes[0].ShouldBeOfType<HubPlatformWentOffline>().Reason.ShouldNotBeNullOrEmpty();
        changes[^1].ShouldBeOfType<HubPlatformReachedAgain>();
        var clients = await Eventually(async () => (await _hub.Api.GetFromJsonAsync<JsonArray>("/api/hub/clients"))!,
            list => list.Any(c => c!["party_id"]!.GetValue<string>() == "CPO" && c["status"]!.GetValue<string>() == "CONNECTED"));
        clients.Select(c => $"{c!["party_id"]} {c["status"]}").ShouldContain("CPO CONNECTED");
    }

    /// <summary>The requests of the module interfaces that reached <paramref name="peer"/> (not the hub's hubclientinfo pushes).</summary>
    private static IReadOnlyList<PeerRequest> ModuleCalls(HubPeer peer) =>
        peer.Received.Where(r => r.PathAndQuery.StartsWith("/ocpi/2.2.1/sender/", StringComparison.Ordinal) ||
            r.PathAndQuery.StartsWith("/ocpi/2.2.1/receiver/", StringComparison.Ordinal)).ToList();

    /// <summary>The statuses of NL*{party} that the hub pushed to <paramref name="peer"/>'s hubclientinfo receiver, in order (PLANNED left out).</summary>
    private static IReadOnlyList<string> ClientInfo(HubPeer peer, string party) =>
        peer.Received.Where(r => r.Method == "PUT" && r.PathAndQuery == $"/ocpi/2.2.1/hubclientinfo/NL/{party}")
            .Select(r => JsonNode.Parse(r.Body)!["status"]!.GetValue<string>()).Where(s => s != "PLANNED").ToList();

    [Fact]
    public async Task APartySpeakingForAnotherIsRefusedWith403AndTheAttemptIsRecorded()
    {
        var (response, body) = await Call(_msp, HttpMethod.Get, "sender/locations", "NL*CPO", "NL*CPO");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (body!["status_code"]!.GetValue<int>(), body["status_message"]!.GetValue<string>()).ShouldBe((2001, "Party NL*CPO is not one of this platform's parties"));
        ModuleCalls(_cpo).ShouldBeEmpty();
        var attempt = (await Traffic("result=refused&party=NL*CPO")).ShouldHaveSingleItem()!;
        (attempt["http_status"]!.GetValue<int>(), attempt["ocpi_status"]!.GetValue<int>(), attempt["platform_id"]!.GetValue<string>())
            .ShouldBe((403, 2001, (await PlatformOf("P-MSP")).Id));
    }

    private async Task<Partner> PlatformOf(string participant)
    {
        await using var session = _hub.Store.QuerySession();
        return await session.Query<Partner>().SingleAsync(p => p.ParticipantId == participant);
    }

    [Fact]
    public async Task AStartSessionReachesTheCpoAndItsResultComesBackToTheEmspThroughTheHub()
    {
        _cpo.Answer = (_, _) => (200, HubPeer.Envelope(1000, null, new JsonObject { ["result"] = "ACCEPTED", ["timeout"] = 30 }), new Dictionary<string, string>());
        var command = new JsonObject
        {
            ["response_url"] = _msp.Url + "/results/START_SESSION/42",
            ["token"] = new JsonObject { ["country_code"] = "NL", ["party_id"] = "MSP", ["uid"] = "012345678", ["type"] = "RFID", ["contract_id"] = "NL-MSP-C12345678-X" },
            ["location_id"] = "LOC1", ["evse_uid"] = "3256",
        };

        var (_, answer) = await Call(_msp, HttpMethod.Post, "receiver/commands/START_SESSION", "NL*MSP", "NL*CPO", command.ToJsonString());

        answer!["data"]!["result"]!.GetValue<string>().ShouldBe("ACCEPTED");
        var atCpo = ModuleCalls(_cpo).ShouldHaveSingleItem();
        atCpo.PathAndQuery.ShouldBe("/ocpi/2.2.1/receiver/commands/START_SESSION");
        var callback = JsonNode.Parse(atCpo.Body)!["response_url"]!.GetValue<string>();
        callback.ShouldStartWith(_hub.Url + "/ocpi/hub/2.2.1/callbacks/");
        JsonNode.Parse(atCpo.Body)!["location_id"]!.GetValue<string>().ShouldBe("LOC1");

        var stranger = await _hub.Ocpi(_msp.HubToken!).PostAsync(callback, Json("""{"result":"ACCEPTED"}"""));
        stranger.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var result = await _hub.Ocpi(_cpo.HubToken!).PostAsync(callback, Json("""{"result":"ACCEPTED"}"""));
        (await result.Content.ReadFromJsonAsync<JsonObject>())!["status_code"]!.GetValue<int>().ShouldBe(1000);

        var atMsp = _msp.Received.Where(r => r.PathAndQuery.StartsWith("/results/", StringComparison.Ordinal)).ShouldHaveSingleItem();
        (atMsp.Method, atMsp.PathAndQuery, atMsp.Body).ShouldBe(("POST", "/results/START_SESSION/42", """{"result":"ACCEPTED"}"""));
        atMsp.Header("Authorization").ShouldBe(Base64(_msp.Token));
        (atMsp.Header("OCPI-from-party-id"), atMsp.Header("OCPI-to-party-id")).ShouldBe(("CPO", "MSP"));
    }

    [Fact]
    public async Task AResultPostedAfterTheCallbacksLifetimeIsRefusedNotForwardedAndTheSweepRemovesOnlyExpiredCallbacks()
    {
        _cpo.Answer = (_, _) => (200, HubPeer.Envelope(1000, null, new JsonObject { ["result"] = "ACCEPTED", ["timeout"] = 30 }), new Dictionary<string, string>());
        string Command(int n) => new JsonObject
        {
            ["response_url"] = _msp.Url + $"/results/STOP_SESSION/{n}", ["session_id"] = $"S{n}",
        }.ToJsonString();
        await Call(_msp, HttpMethod.Post, "receiver/commands/STOP_SESSION", "NL*MSP", "NL*CPO", Command(1));
        await Call(_msp, HttpMethod.Post, "receiver/commands/STOP_SESSION", "NL*MSP", "NL*CPO", Command(2));
        var callbacks = ModuleCalls(_cpo).Select(c => JsonNode.Parse(c.Body)!["response_url"]!.GetValue<string>()).ToList();
        callbacks.Count.ShouldBe(2);
        var (late, fresh) = (callbacks[0], callbacks[1]);
        var lateId = late[(late.LastIndexOf('/') + 1)..];
        var freshId = fresh[(fresh.LastIndexOf('/') + 1)..];
        // The first command was sent a day and a minute ago: past the default lifetime of one day.
        await using (var session = _hub.Store.LightweightSession())
        {
            var kept = (await session.LoadAsync<HubCommandCallback>(lateId))!;
            session.Store(kept with { CreatedAt = SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(1) - Duration.FromMinutes(1) });
            await session.SaveChangesAsync();
        }

        var refused = await _hub.Ocpi(_cpo.HubToken!).PostAsync(late, Json("""{"result":"ACCEPTED"}"""));
        refused.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var envelope = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        envelope["status_code"]!.GetValue<int>().ShouldBe(2000);
        envelope["status_message"]!.GetValue<string>().ShouldContain($"The callback of STOP_SESSION {lateId} expired at");
        envelope["status_message"]!.GetValue<string>().ShouldContain("not forwarded to NL*MSP");
        // The hub answers only after forwarding, so nothing can still be on its way to the e-MSP.
        _msp.Received.ShouldNotContain(r => r.PathAndQuery.StartsWith("/results/", StringComparison.Ordinal));
        var recorded = (await Traffic("result=refused&party=NL*CPO")).ShouldHaveSingleItem()!;
        (recorded["module"]!.GetValue<string>(), recorded["ocpi_status"]!.GetValue<int>(), recorded["http_status"]!.GetValue<int>())
            .ShouldBe(("commands", 2000, 404));

        var sweep = new CommandCallbackSweep(_hub.Store, SystemClock.Instance, Microsoft.Extensions.Options.Options.Create(new Roaming.Ocpi.Transport.OcpiOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CommandCallbackSweep>.Instance);
        (await sweep.Sweep(CancellationToken.None)).ShouldBe(1);
        (await sweep.Sweep(CancellationToken.None)).ShouldBe(0);
        await using (var session = _hub.Store.QuerySession())
        {
            (await session.LoadAsync<HubCommandCallback>(lateId)).ShouldBeNull();
            (await session.LoadAsync<HubCommandCallback>(freshId)).ShouldNotBeNull();
        }
        var gone = await _hub.Ocpi(_cpo.HubToken!).PostAsync(late, Json("""{"result":"ACCEPTED"}"""));
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await gone.Content.ReadFromJsonAsync<JsonObject>())!["status_message"]!.GetValue<string>().ShouldContain("unknown, or expired and removed");

        var inTime = await _hub.Ocpi(_cpo.HubToken!).PostAsync(fresh, Json("""{"result":"ACCEPTED"}"""));
        (await inTime.Content.ReadFromJsonAsync<JsonObject>())!["status_code"]!.GetValue<int>().ShouldBe(1000);
        _msp.Received.Where(r => r.PathAndQuery.StartsWith("/results/", StringComparison.Ordinal)).ShouldHaveSingleItem().PathAndQuery
            .ShouldBe("/results/STOP_SESSION/2");
    }

    [Fact]
    public async Task ATariffDeletedByItsCpoIsRemovedAtTheHubAndTheDeleteReachesTheConnectedEmsp()
    {
        var tariff = SpecExamples.ReadObject("tariff_1_simple_2hour.json");
        (tariff["country_code"], tariff["party_id"]) = ("NL", "CPO");
        var id = tariff["id"]!.GetValue<string>();
        var (_, put) = await Call(_cpo, HttpMethod.Put, $"receiver/tariffs/NL/CPO/{id}", "NL*CPO", "NL*HUB", tariff.ToJsonString());
        put!["status_code"]!.GetValue<int>().ShouldBe(1000);
        var tariffCalls = () => _msp.Received.Where(r => r.PathAndQuery == $"/ocpi/2.2.1/receiver/tariffs/NL/CPO/{id}").ToList();
        (await Eventually(() => Task.FromResult(tariffCalls()), calls => calls.Count == 1)).Single().Method.ShouldBe("PUT");

        var (deleteResponse, deleted) = await Call(_cpo, HttpMethod.Delete, $"receiver/tariffs/NL/CPO/{id}", "NL*CPO", "NL*HUB");

        (deleteResponse.StatusCode, deleted!["status_code"]!.GetValue<int>()).ShouldBe((HttpStatusCode.OK, 1000));
        var removal = (await Eventually(() => Task.FromResult(tariffCalls()), calls => calls.Count == 2))[1];
        (removal.Method, removal.Body, removal.Header("OCPI-from-party-id"), removal.Header("OCPI-to-party-id")).ShouldBe(("DELETE", "", "CPO", "MSP"));
        var (_, list) = await Call(_msp, HttpMethod.Get, "sender/tariffs", "NL*MSP", "NL*HUB");
        list!["data"]!.AsArray().Count.ShouldBe(0);
        (await Traffic("party=NL*CPO")).Select(r => (r!["method"]!.GetValue<string>(), r["result"]!.GetValue<string>(), r["ocpi_status"]?.GetValue<int>()))
            .ShouldContain(("DELETE", "hub", (int?)1000));
        // Published for the OCHP side (the bridge withdraws its OCHP tariff), from the committed removal (the outbox).
        await using (var session = _hub.Store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(Roaming.Ocpi.Hub.Broadcast.HubObject.KeyFor("tariffs", "NL", "CPO", id));
            var published = events.Select(new Roaming.Ocpi.OcpiIntegrationEvents().ToMessage).OfType<Roaming.Contracts.Ocpi.V1.HubObjectRemoved>().ShouldHaveSingleItem();
            (published.ParticipantId, published.CountryCode, published.PartyId, published.Module, published.ObjectId).ShouldBe(("P-CPO", "NL", "CPO", "tariffs", id));
            published.Actor.ShouldStartWith("partner:");
        }

        // Deleted already, and OCPI deletes no other object.
        var (again, _) = await Call(_cpo, HttpMethod.Delete, $"receiver/tariffs/NL/CPO/{id}", "NL*CPO", "NL*HUB");
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (location, refused) = await Call(_cpo, HttpMethod.Delete, "receiver/locations/NL/CPO/LOC1", "NL*CPO", "NL*HUB");
        (location.StatusCode, refused!["status_message"]!.GetValue<string>()).ShouldBe((HttpStatusCode.MethodNotAllowed, "The hub takes locations by PUT or PATCH; OCPI deletes only tariffs"));

        // Put again after its removal, the tariff is a new object at the hub and reaches the e-MSP again.
        var (again201, _) = await Call(_cpo, HttpMethod.Put, $"receiver/tariffs/NL/CPO/{id}", "NL*CPO", "NL*HUB", tariff.ToJsonString());
        again201.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Eventually(() => Task.FromResult(tariffCalls()), calls => calls.Count == 3))[2].Method.ShouldBe("PUT");
        (await Call(_msp, HttpMethod.Get, "sender/tariffs", "NL*MSP", "NL*HUB")).Body!["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task ARealTimeAuthorizationReachesTheOwningEmsp()
    {
        var info = new JsonObject { ["allowed"] = "ALLOWED", ["token"] = new JsonObject { ["uid"] = "012345678" }, ["authorization_reference"] = "ref-1" };
        _msp.Answer = (_, _) => (200, HubPeer.Envelope(1000, null, info.DeepClone()), new Dictionary<string, string>());

        var (_, answer) = await Call(_cpo, HttpMethod.Post, "sender/tokens/012345678/authorize?type=RFID", "NL*CPO", "NL*MSP", """{"location_id":"LOC1"}""");

        answer!["status_code"]!.GetValue<int>().ShouldBe(1000, answer.ToJsonString());
        answer["data"]!.ToJsonString().ShouldBe(info.ToJsonString());
        var asked = _msp.Received.Where(r => r.PathAndQuery.Contains("authorize")).ShouldHaveSingleItem();
        (asked.Method, asked.PathAndQuery, asked.Body).ShouldBe(("POST", "/ocpi/2.2.1/sender/tokens/012345678/authorize?type=RFID", """{"location_id":"LOC1"}"""));
    }

    [Fact]
    public async Task EveryConnectedPlatformLearnsThePartiesStatusesAndCanListThem()
    {
        var pushed = await Eventually(() => Task.FromResult(ClientInfo(_msp, "CPO")), infos => infos.Contains("CONNECTED"));
        pushed.ShouldBe(["CONNECTED"]);

        var list = await Eventually(async () => (await _hub.Ocpi(_cpo.HubToken!).GetFromJsonAsync<JsonObject>("/ocpi/hub/2.2.1/hubclientinfo"))!,
            answer => answer["data"]!.AsArray().Count == 2 && answer["data"]!.AsArray().All(c => c!["status"]!.GetValue<string>() == "CONNECTED"));
        list["data"]!.AsArray().Select(c => $"{c!["country_code"]}*{c["party_id"]} {c["role"]} {c["status"]}")
            .ShouldBe(["NL*CPO CPO CONNECTED", "NL*MSP EMSP CONNECTED"]);
        var clients = (await _hub.Api.GetFromJsonAsync<JsonArray>("/api/hub/clients"))!;
        clients.Count.ShouldBe(2);
    }

    /// <summary>
    /// Under concurrent load every call is forwarded and recorded (the group commit loses none); prints the hub's added latency
    /// (percentiles through the hub minus those of the same calls made directly) and the rate reached on this machine.
    /// </summary>
    [Fact]
    public async Task UnderLoadEveryCallIsForwardedAndRecorded()
    {
        const int calls = 1000, concurrency = 16;
        _cpo.Answer = (_, _) => (200, HubPeer.Envelope(1000, null, new JsonArray()), new Dictionary<string, string>());
        using var direct = new HttpClient { BaseAddress = new Uri(_cpo.Url) };
        direct.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Base64(_cpo.Token));
        Func<Task<bool>> directly = async () => (await direct.GetAsync("/ocpi/2.2.1/sender/locations")).StatusCode == HttpStatusCode.OK;
        Func<Task<bool>> throughTheHub = async () =>
            (await Call(_msp, HttpMethod.Get, "sender/locations", "NL*MSP", "NL*CPO")).Body!["status_code"]!.GetValue<int>() == 1000;
        await Measure(directly, 100, concurrency);
        await Measure(throughTheHub, 100, concurrency);
        foreach (var (count, atOnce) in new[] { (200, 1), (calls, concurrency) })
        {
            var (directTimes, _) = await Measure(directly, count, atOnce);
            var (hubTimes, elapsed) = await Measure(throughTheHub, count, atOnce);
            output.WriteLine($"{count} calls, {atOnce} at once: {count / elapsed.TotalSeconds:0} forwarded/s");
            foreach (var percentile in new[] { 0.5, 0.9, 0.99 })
                output.WriteLine($"  p{percentile * 100:0}: direct {Percentile(directTimes, percentile):0.0} ms, through the hub {Percentile(hubTimes, percentile):0.0} ms, " +
                    $"added {Percentile(hubTimes, percentile) - Percentile(directTimes, percentile):0.0} ms");
        }
        var recorded = await _hub.Api.GetAsync("/api/hub/traffic?party=NL*MSP&result=forwarded&limit=1");
        Header(recorded, "X-Total-Count").ShouldBe((100 + 200 + calls).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<(double[] Milliseconds, TimeSpan Elapsed)> Measure(Func<Task<bool>> call, int calls, int concurrency)
    {
        var times = new double[calls];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                (await call()).ShouldBeTrue();
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        return (times, total.Elapsed);
    }

    private static double Percentile(double[] values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile * sorted.Length) - 1)];
    }
}
