using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Pushing;
using Shouldly;
using Roaming.Testing;

namespace Roaming.Ocpi.Tests.Platforms;

/// <summary>
/// Our CPO platform (NL*CPO) connected to a hub (DE*HUB) that reports the parties behind it. The hub's side runs on a
/// real Roaming platform of NL*MSP, the eMSP behind the hub: the CPO registers with it over HTTP, then it declares itself a
/// hub (PUT credentials with role HUB) and reports its clients (hubclientinfo). What the hub forwards to us, the test
/// sends with the hub's token and the routing headers a hub sets; what we send through the hub reaches NL*MSP's platform.
/// </summary>
public class HubRoutingTests : IAsyncLifetime
{
    private OcpiPlatform _cpo = null!;
    private OcpiPlatform _behindHub = null!;
    private HttpClient _hub = null!;

    public async Task InitializeAsync()
    {
        _cpo = await OcpiPlatform.Start("roaming_ocpi_hub_cpo", "NL*CPO");
        _behindHub = await OcpiPlatform.Start("roaming_ocpi_hub_msp", "NL*MSP");
        var created = await (await _behindHub.Api.PostAsJsonAsync("/api/partners", new { name = "The CPO" })).Content.ReadFromJsonAsync<JsonObject>();
        var registered = await _cpo.Api.PostAsJsonAsync("/api/partners/register",
            new { versions_url = created!["versions_url"]!.GetValue<string>(), token_a = created["token_a"]!.GetValue<string>(), name = "The hub" });
        registered.StatusCode.ShouldBe(HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());

        // The platform declares itself a hub; we answer with a new token for it, which the test uses as the hub from now on.
        var asHub = _cpo.Ocpi(await _behindHub.OnlyPartnerToken());
        var credentials = new JsonObject
        {
            ["token"] = await _cpo.OnlyPartnerToken(), ["url"] = created["versions_url"]!.GetValue<string>(),
            ["roles"] = new JsonArray(new JsonObject
            {
                ["role"] = "HUB", ["party_id"] = "HUB", ["country_code"] = "DE", ["business_details"] = new JsonObject { ["name"] = "The hub" },
            }),
        };
        var updated = await asHub.PutAsync("/ocpi/2.2.1/credentials", Json(credentials));
        var answer = (await updated.Content.ReadFromJsonAsync<JsonObject>())!;
        answer["status_code"]!.GetValue<int>().ShouldBe(1000, answer.ToJsonString());
        _hub = _cpo.Ocpi(answer["data"]!["token"]!.GetValue<string>());
        foreach (var (party, role, status) in new[] { ("MSP", "EMSP", "CONNECTED"), ("OTH", "EMSP", "CONNECTED"), ("SUS", "EMSP", "SUSPENDED") })
        {
            var client = new JsonObject
            {
                ["country_code"] = "NL", ["party_id"] = party, ["role"] = role, ["status"] = status, ["last_updated"] = "2026-11-24T09:00:00Z",
            };
            (await _hub.PutAsync($"/ocpi/2.2.1/hubclientinfo/NL/{party}", Json(client))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }

    public async Task DisposeAsync()
    {
        _hub.Dispose();
        await _cpo.DisposeAsync();
        await _behindHub.DisposeAsync();
    }

    [Fact]
    public async Task a_request_forwarded_for_a_client_is_that_clients_alone_and_answered_with_swapped_headers()
    {
        var accepted = await Forwarded(HttpMethod.Put, "/ocpi/2.2.1/cpo/tokens/NL/MSP/HUB-1", ("NL", "MSP"), Token("MSP", "HUB-1"));
        accepted.StatusCode.ShouldBe(HttpStatusCode.Created);
        (Header(accepted, "OCPI-from-country-code"), Header(accepted, "OCPI-from-party-id")).ShouldBe(("NL", "CPO"));
        (Header(accepted, "OCPI-to-country-code"), Header(accepted, "OCPI-to-party-id")).ShouldBe(("NL", "MSP"));

        // Another client's token, pushed by NL*MSP: refused, although the hub serves both.
        (await Forwarded(HttpMethod.Put, "/ocpi/2.2.1/cpo/tokens/NL/OTH/HUB-2", ("NL", "MSP"), Token("OTH", "HUB-2"))).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        // A party the hub does not serve, or has suspended: refused.
        (await Forwarded(HttpMethod.Put, "/ocpi/2.2.1/cpo/tokens/NL/XXX/HUB-3", ("NL", "XXX"), Token("XXX", "HUB-3"))).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        (await Forwarded(HttpMethod.Put, "/ocpi/2.2.1/cpo/tokens/NL/SUS/HUB-4", ("NL", "SUS"), Token("SUS", "HUB-4"))).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        // Through a hub the from-headers are required: without them nobody can tell which client asks.
        var anonymous = await _hub.PutAsync("/ocpi/2.2.1/cpo/tokens/NL/OTH/HUB-5", Json(Token("OTH", "HUB-5")));
        (await anonymous.Content.ReadFromJsonAsync<JsonObject>())!["status_code"]!.GetValue<int>().ShouldBe(2001);
        // The hub itself (a broadcast push) speaks for every connected client.
        (await Forwarded(HttpMethod.Put, "/ocpi/2.2.1/cpo/tokens/NL/OTH/HUB-6", ("DE", "HUB"), Token("OTH", "HUB-6"))).StatusCode
            .ShouldBe(HttpStatusCode.Created);

        await using var query = _cpo.Store.QuerySession();
        (await query.Query<OcpiObject>().Where(o => o.Module == Modules.Tokens).ToListAsync()).Select(o => o.ObjectId).Order()
            .ShouldBe(["HUB-1", "HUB-6"]);
    }

    [Fact]
    public async Task a_session_of_a_client_goes_to_the_hub_addressed_to_that_client_and_only_that_client_reads_it()
    {
        (await Forwarded(HttpMethod.Put, "/ocpi/2.2.1/cpo/tokens/NL/MSP/RUN-1", ("NL", "MSP"), Token("MSP", "RUN-1"))).StatusCode
            .ShouldBe(HttpStatusCode.Created);
        var now = Instant.FromUtc(2026, 11, 24, 10, 0);
        await _cpo.Bus.Publish(new ChargingSessionStarted("HUB-SESSION", "NL", "CPO", "CP-1", "1", "LOC1", "E1", "1", "RUN-1", now, 0m),
            Guid.NewGuid(), null, CancellationToken.None);

        // Sent to the hub's receiver (here NL*MSP's platform, which accepts only requests addressed to NL*MSP) with TO = NL*MSP.
        Delivery? delivery = null;
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(20));
        while (delivery?.Status is null or DeliveryStatus.Queued or DeliveryStatus.Retrying && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await using var query = _cpo.Store.QuerySession();
            delivery = await query.Query<Delivery>().Where(d => d.Module == Modules.Sessions).SingleOrDefaultAsync();
        }
        (delivery!.ToCountryCode, delivery.ToPartyId, delivery.Status).ShouldBe(("NL", "MSP", DeliveryStatus.Delivered), delivery.LastAnswer);
        await using (var behindHub = _behindHub.Store.QuerySession())
            (await behindHub.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Sessions, "NL", "CPO", "HUB-SESSION"))).ShouldNotBeNull();

        var forMsp = await Forwarded(HttpMethod.Get, "/ocpi/2.2.1/cpo/sessions?date_from=2020-01-01T00:00:00Z", ("NL", "MSP"), null);
        (await forMsp.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ShouldBe(["HUB-SESSION"]);
        var forOther = await Forwarded(HttpMethod.Get, "/ocpi/2.2.1/cpo/sessions?date_from=2020-01-01T00:00:00Z", ("NL", "OTH"), null);
        (await forOther.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsArray().ShouldBeEmpty();
    }

    private async Task<HttpResponseMessage> Forwarded(HttpMethod method, string path, (string CountryCode, string PartyId) from, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        request.Headers.Add("OCPI-from-country-code", from.CountryCode);
        request.Headers.Add("OCPI-from-party-id", from.PartyId);
        request.Headers.Add("OCPI-to-country-code", "NL");
        request.Headers.Add("OCPI-to-party-id", "CPO");
        return await _hub.SendAsync(request);
    }

    private static JsonObject Token(string partyId, string uid) => new()
    {
        ["country_code"] = "NL", ["party_id"] = partyId, ["uid"] = uid, ["type"] = "RFID", ["contract_id"] = $"NL-{partyId}-{uid}", ["issuer"] = partyId,
        ["valid"] = true, ["whitelist"] = "ALLOWED", ["last_updated"] = "2026-11-24T09:00:00Z",
    };

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
