using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Tests.Platforms;
using Shouldly;

namespace Roaming.Ocpi.Tests.Partners;

/// <summary>
/// A hub reports its clients in parallel (hubclientinfo PUTs) while the operator changes the hub's token encoding, on real
/// PostgreSQL. Every call appends to the hub's partner stream; the inline projection folds each into the partner document.
/// Whatever the interleaving, the document must be the fold of its events: a lost update (one call's fold of an older
/// document committed last) would drop reported clients, and their sessions and CDRs would no longer be routed through the
/// hub; nor may a report fail because another append to the stream took the same version at the same moment.
/// </summary>
public sealed class PartnerStreamRaceTests : IAsyncLifetime
{
    private OcpiPlatform _cpo = null!;
    private OcpiPlatform _behindHub = null!;
    private HttpClient _hub = null!;

    public async Task InitializeAsync()
    {
        _cpo = await OcpiPlatform.Start("roaming_ocpi_partner_race_cpo", "NL*CPO");
        _behindHub = await OcpiPlatform.Start("roaming_ocpi_partner_race_hub", "NL*MSP");
        var created = await (await _behindHub.Api.PostAsJsonAsync("/api/partners", new { name = "The CPO" })).Content.ReadFromJsonAsync<JsonObject>();
        var registered = await _cpo.Api.PostAsJsonAsync("/api/partners/register",
            new { versions_url = created!["versions_url"]!.GetValue<string>(), token_a = created["token_a"]!.GetValue<string>(), name = "The hub" });
        registered.StatusCode.ShouldBe(HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());
        var credentials = new JsonObject
        {
            ["token"] = await _cpo.OnlyPartnerToken(), ["url"] = created["versions_url"]!.GetValue<string>(),
            ["roles"] = new JsonArray(new JsonObject
            {
                ["role"] = "HUB", ["party_id"] = "HUB", ["country_code"] = "DE", ["business_details"] = new JsonObject { ["name"] = "The hub" },
            }),
        };
        var updated = await _cpo.Ocpi(await _behindHub.OnlyPartnerToken()).PutAsync("/ocpi/2.2.1/credentials", Json(credentials));
        var answer = (await updated.Content.ReadFromJsonAsync<JsonObject>())!;
        answer["status_code"]!.GetValue<int>().ShouldBe(1000, answer.ToJsonString());
        _hub = _cpo.Ocpi(answer["data"]!["token"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        _hub.Dispose();
        await _cpo.DisposeAsync();
        await _behindHub.DisposeAsync();
    }

    [Fact]
    public async Task Clients_reported_in_parallel_are_all_kept_and_the_partner_is_the_fold_of_its_events()
    {
        var hubId = (await _cpo.OnlyPartner()).Id;
        var parties = Enumerable.Range(0, 40).Select(i => $"P{i:D2}").ToArray();
        var reporting = parties.Select(party => Task.Run(async () =>
        {
            var client = new JsonObject
            {
                ["country_code"] = "NL", ["party_id"] = party, ["role"] = "EMSP", ["status"] = "CONNECTED", ["last_updated"] = "2026-11-24T09:00:00Z",
            };
            return (await _hub.PutAsync($"/ocpi/2.2.1/hubclientinfo/NL/{party}", Json(client))).StatusCode;
        })).ToArray();
        var encoding = Task.Run(async () =>
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 10; i++)
                statuses.Add((await _cpo.Api.PutAsJsonAsync($"/api/partners/{hubId}/token-encoding", new { base64 = i % 2 == 0 })).StatusCode);
            return statuses;
        });
        var reported = await Task.WhenAll(reporting);
        var encoded = await encoding;

        await using var session = _cpo.Store.QuerySession();
        var document = (await session.LoadAsync<Partner>(hubId))!;
        var folded = (await session.Events.AggregateStreamAsync<Partner>(hubId))!;
        Clients(document).ShouldBe(Clients(folded), "the partner document is not the fold of its events");
        document.EncodeToken.ShouldBe(folded.EncodeToken, "the partner document is not the fold of its events");
        reported.ShouldAllBe(status => status == HttpStatusCode.Created, "no report is refused (two appends of the same version)");
        encoded.ShouldAllBe(status => status == HttpStatusCode.OK, "no token encoding change is refused");
        Clients(document).ShouldBe(parties.Select(p => "NL*" + p).ToArray(), "every reported client is kept");
    }

    private static string[] Clients(Partner partner) =>
        (partner.HubClients ?? []).Select(c => $"{c.CountryCode}*{c.PartyId}").Order(StringComparer.Ordinal).ToArray();

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
