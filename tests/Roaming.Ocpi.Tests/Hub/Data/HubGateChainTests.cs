using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Roaming.Ocpi.Tests.Hub;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub.Data;

/// <summary>
/// The whole chain over HTTP: participants' platforms (hand-written peers) register with the hub through the credentials
/// handshake with the token A the operator API issued, then call the hub with their token and routing headers; the hub gate
/// and routing hand broadcasts, CDRs and the hub's lists to what the hub answers itself.
/// </summary>
public class HubGateChainTests(HubDataHost host) : IClassFixture<HubDataHost>
{
    private async Task<HubPeer> Join(string participant, string name, string role, string party)
    {
        await host.WaitForParticipant(participant);
        var issued = await host.Api.PostAsync($"/api/clearing/participants/{participant}/ocpi", null);
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var tokenA = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["token_a"]!.GetValue<string>();
        var peer = await HubPeer.Start(name);
        var credentials = new JsonObject
        {
            ["token"] = peer.Token, ["url"] = peer.VersionsUrl,
            ["roles"] = new JsonArray(new JsonObject
            {
                ["role"] = role, ["country_code"] = party[..2], ["party_id"] = party[3..], ["business_details"] = new JsonObject { ["name"] = party },
            }),
        };
        var answer = await Client(tokenA).PostAsync("/ocpi/hub/2.2.1/credentials", new StringContent(credentials.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        body["status_code"]!.GetValue<int>().ShouldBe(1000, body.ToJsonString());
        peer.HubToken = body["data"]!["token"]!.GetValue<string>();
        return peer;
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.Url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token)));
        return client;
    }

    private async Task<(HttpResponseMessage Response, JsonObject Body)> Call(HubPeer platform, HttpMethod method, string path, string from, string to,
        JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, "/ocpi/hub/2.2.1/" + path);
        request.Headers.TryAddWithoutValidation("OCPI-from-country-code", from[..2]);
        request.Headers.TryAddWithoutValidation("OCPI-from-party-id", from[3..]);
        request.Headers.TryAddWithoutValidation("OCPI-to-country-code", to[..2]);
        request.Headers.TryAddWithoutValidation("OCPI-to-party-id", to[3..]);
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var response = await Client(platform.HubToken!).SendAsync(request);
        return (response, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    [Fact]
    public async Task registered_platforms_broadcast_tokens_push_cdrs_and_read_the_hubs_lists_through_the_gate()
    {
        await host.Participant("cpo-g1", ["NL*GC1"], []);
        await host.Participant("cpo-g2", ["NL*GC2"], []);
        await host.Participant("emsp-g1", [], ["NL*GM1"]);
        await host.Connect("NL*GC1", "NL*GM1");
        await using var cpo = await Join("cpo-g1", "cpo-g1", "CPO", "NL*GC1");
        await using var unconnected = await Join("cpo-g2", "cpo-g2", "CPO", "NL*GC2");
        await using var emsp = await Join("emsp-g1", "emsp-g1", "EMSP", "NL*GM1");

        // The e-MSP broadcasts a token (TO = the hub): only the connected CPO's platform gets it, with its own token and FROM the e-MSP.
        var token = SpecExamples.ReadObject("token_example_2_full_rfid.json");
        (token["country_code"], token["party_id"], token["uid"], token["contract_id"]) = ("NL", "GM1", "GATE0001", "NL-GM1-C00000001");
        var (pushed, pushedBody) = await Call(emsp, HttpMethod.Put, "receiver/tokens/NL/GM1/GATE0001", "NL*GM1", HubDataHost.HubParty, token);
        pushedBody["status_code"]!.GetValue<int>().ShouldBe(1000, pushedBody.ToJsonString());
        pushed.IsSuccessStatusCode.ShouldBeTrue();
        await HubDataHost.Eventually(() => Task.FromResult(cpo.Received.Any(r => r.PathAndQuery == "/ocpi/2.2.1/receiver/tokens/NL/GM1/GATE0001")),
            "the connected CPO's platform got the token");
        var received = cpo.Received.Single(r => r.PathAndQuery == "/ocpi/2.2.1/receiver/tokens/NL/GM1/GATE0001");
        (received.Method, received.Header("OCPI-from-party-id"), received.Header("OCPI-to-party-id")).ShouldBe(("PUT", "GM1", "GC1"));
        received.Header("Authorization").ShouldBe("Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(cpo.Token)));
        (await host.DeliveriesTo(unconnected.Url)).Count(d => d.Module == "tokens").ShouldBe(0); // hubclientinfo pushes go to everyone

        // The CPO pushes a CDR: clearing accepts it, the e-MSP's platform gets it, and lists it on the hub's cdrs sender.
        var cdr = SpecExamples.ReadObject("cdr_example.json");
        (cdr["country_code"], cdr["party_id"], cdr["id"]) = ("NL", "GC1", "GATECDR1");
        cdr["cdr_location"]!["evse_id"] = "NL*GC1*E1";
        (cdr["cdr_token"]!["country_code"], cdr["cdr_token"]!["party_id"], cdr["cdr_token"]!["contract_id"]) = ("NL", "GM1", "NL-GM1-C00000001");
        cdr["charging_periods"]![0]!["dimensions"]![0]!["volume"] = 2m;
        var (taken, takenBody) = await Call(cpo, HttpMethod.Post, "receiver/cdrs", "NL*GC1", "NL*GM1", cdr);
        takenBody["status_code"]!.GetValue<int>().ShouldBe(1000, takenBody.ToJsonString());
        taken.Headers.Location!.ToString().ShouldBe($"{host.Url}/ocpi/hub/2.2.1/receiver/cdrs/NL/GC1/GATECDR1");
        await HubDataHost.Eventually(() => Task.FromResult(emsp.Received.Any(r => r.PathAndQuery == "/ocpi/2.2.1/receiver/cdrs")),
            "the e-MSP's platform got the CDR");
        emsp.Received.Single(r => r.PathAndQuery == "/ocpi/2.2.1/receiver/cdrs").Header("OCPI-from-party-id").ShouldBe("GC1");

        var (list, listBody) = await Call(emsp, HttpMethod.Get, "sender/cdrs?limit=10", "NL*GM1", HubDataHost.HubParty);
        listBody["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ShouldBe(["GATECDR1"]);
        list.Headers.GetValues("X-Total-Count").Single().ShouldBe("1");
        var (_, tokens) = await Call(cpo, HttpMethod.Get, "sender/tokens", "NL*GC1", HubDataHost.HubParty);
        tokens["data"]!.AsArray().Select(t => t!["uid"]!.GetValue<string>()).ShouldBe(["GATE0001"]);
        var (_, none) = await Call(unconnected, HttpMethod.Get, "sender/tokens", "NL*GC2", HubDataHost.HubParty);
        none["data"]!.AsArray().Count.ShouldBe(0);
    }
}
