using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Shouldly;

namespace Roaming.Ocpi.Tests.Platforms;

/// <summary>Token lifecycle (A only for registration, rotation, unregistering) and paging over real HTTP between two platforms.</summary>
public class CredentialsAndPagingTests : IAsyncLifetime
{
    private OcpiPlatform _cpo = null!;
    private OcpiPlatform _emsp = null!;

    public async Task InitializeAsync()
    {
        _cpo = await OcpiPlatform.Start("roaming_ocpi_life_cpo", "NL*CPO");
        _emsp = await OcpiPlatform.Start("roaming_ocpi_life_msp", "NL*MSP");
        var created = await (await _emsp.Api.PostAsJsonAsync("/api/partners", new { name = "The CPO" })).Content.ReadFromJsonAsync<JsonObject>();
        var registered = await _cpo.Api.PostAsJsonAsync("/api/partners/register",
            new { versions_url = created!["versions_url"]!.GetValue<string>(), token_a = created["token_a"]!.GetValue<string>() });
        var text = await registered.Content.ReadAsStringAsync();
        registered.StatusCode.ShouldBe(HttpStatusCode.OK, text);
    }

    public async Task DisposeAsync()
    {
        await _cpo.DisposeAsync();
        await _emsp.DisposeAsync();
    }

    [Fact]
    public async Task token_a_reaches_only_versions_and_credentials()
    {
        var created = await (await _emsp.Api.PostAsJsonAsync("/api/partners", new { name = "Not yet registered" })).Content.ReadFromJsonAsync<JsonObject>();
        var tokenA = _emsp.Ocpi(created!["token_a"]!.GetValue<string>());
        (await tokenA.GetAsync("/ocpi/versions")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tokenA.GetAsync("/ocpi/2.2.1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tokenA.GetAsync("/ocpi/2.2.1/credentials")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tokenA.GetAsync("/ocpi/2.2.1/emsp/tokens")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await tokenA.PutAsync("/ocpi/2.2.1/credentials", Json("{}"))).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);

        var registered = _emsp.Ocpi(await _cpo.OnlyPartnerToken());
        (await registered.PostAsync("/ocpi/2.2.1/credentials", Json("{}"))).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task rotating_credentials_replaces_both_tokens_and_deleting_ends_the_connection()
    {
        var before = await _cpo.OnlyPartner();
        var cpoTokenBefore = await _cpo.OnlyPartnerToken();
        var emspTokenBefore = await _emsp.OnlyPartnerToken();

        var rotated = await _cpo.Api.PostAsync($"/api/partners/{before.Id}/credentials/rotate", null);
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK, await rotated.Content.ReadAsStringAsync());
        var after = await _cpo.OnlyPartner();
        var cpoTokenAfter = await _cpo.OnlyPartnerToken();
        cpoTokenAfter.ShouldNotBe(cpoTokenBefore);
        after.PendingTokenHash.ShouldBeNull();
        var emspTokenAfter = await _emsp.OnlyPartnerToken();
        emspTokenAfter.ShouldNotBe(emspTokenBefore);

        (await _emsp.Ocpi(cpoTokenBefore).GetAsync("/ocpi/2.2.1/emsp/tokens")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _emsp.Ocpi(cpoTokenAfter).GetAsync("/ocpi/2.2.1/emsp/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _cpo.Ocpi(emspTokenBefore).GetAsync("/ocpi/2.2.1/cpo/cdrs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _cpo.Ocpi(emspTokenAfter).GetAsync("/ocpi/2.2.1/cpo/cdrs")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _cpo.Api.DeleteAsync($"/api/partners/{before.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _emsp.OnlyPartner()).Status.ShouldBe(PartnerStatus.Unregistered);
        (await _cpo.OnlyPartner()).Status.ShouldBe(PartnerStatus.Unregistered);
        (await _emsp.Ocpi(cpoTokenAfter).GetAsync("/ocpi/versions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _cpo.Ocpi(emspTokenAfter).GetAsync("/ocpi/versions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task lists_page_with_link_total_and_limit_and_date_to_is_exclusive()
    {
        var from = Instant.FromUtc(2026, 1, 1, 0, 0);
        await using (var session = _cpo.Store.LightweightSession())
        {
            for (var i = 0; i < 5; i++)
            {
                var tariff = new JsonObject
                {
                    ["country_code"] = "NL", ["party_id"] = "CPO", ["id"] = $"T{i}", ["currency"] = "EUR",
                    ["elements"] = JsonNode.Parse("[{\"price_components\":[{\"type\":\"ENERGY\",\"price\":0.25,\"step_size\":1}]}]"),
                    ["last_updated"] = Roaming.Protocols.Ocpi.OcpiDateTime.Format(from + Duration.FromHours(i)),
                };
                var own = new OcpiObject(OcpiObject.KeyFor(Modules.Tariffs, "NL", "CPO", $"T{i}"), Modules.Tariffs, "NL", "CPO", $"T{i}", Owners.Self,
                    tariff.ToJsonString(), from + Duration.FromHours(i), from + Duration.FromSeconds(i));
                session.Events.Append(own.Id, new OcpiObjectStored(own, "test"));
            }
            await session.SaveChangesAsync();
        }
        var emsp = _cpo.Ocpi(await _emsp.OnlyPartnerToken());
        var ids = new List<string>();
        string? url = "/ocpi/2.2.1/cpo/tariffs?date_from=2026-01-01T01:00:00Z&date_to=2026-01-01T04:00:00Z&limit=2";
        while (url is not null)
        {
            var page = await emsp.GetAsync(url);
            page.Headers.GetValues("X-Total-Count").ShouldBe(["3"]);
            page.Headers.GetValues("X-Limit").ShouldBe(["2"]);
            ids.AddRange((await page.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
            url = page.Headers.TryGetValues("Link", out var link) ? link.Single().Split('>')[0].TrimStart('<') : null;
            url?.ShouldContain("date_to=2026-01-01T04%3A00%3A00Z");
        }
        ids.ShouldBe(["T1", "T2", "T3"]);
        var bad = await (await emsp.GetAsync("/ocpi/2.2.1/cpo/tariffs?offset=-3")).Content.ReadFromJsonAsync<JsonObject>();
        bad!["status_code"]!.GetValue<int>().ShouldBe(2001);

        // The eMSP catches up by pulling: everything the first time, nothing again the second (date_from = watermark).
        var cpoOnEmsp = (await _emsp.OnlyPartner()).Id;
        var first = await (await _emsp.Api.PostAsync($"/api/partners/{cpoOnEmsp}/pull", null)).Content.ReadFromJsonAsync<JsonArray>();
        first!.Single(r => r!["module"]!.GetValue<string>() == "tariffs")!["stored"]!.GetValue<int>().ShouldBe(5, first!.ToJsonString());
        var second = await (await _emsp.Api.PostAsync($"/api/partners/{cpoOnEmsp}/pull", null)).Content.ReadFromJsonAsync<JsonArray>();
        var tariffs = second!.Single(r => r!["module"]!.GetValue<string>() == "tariffs")!;
        tariffs["stored"]!.GetValue<int>().ShouldBe(0, second!.ToJsonString());
        tariffs["read"]!.GetValue<int>().ShouldBe(1);
        var stored = await _emsp.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{cpoOnEmsp}/objects/tariffs");
        stored!.Count.ShouldBe(5);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
