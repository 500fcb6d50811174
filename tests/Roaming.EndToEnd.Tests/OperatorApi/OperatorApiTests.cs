using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;

namespace Roaming.EndToEnd.Tests.OperatorApi;

/// <summary>The operator API on the real host: authentication, field-level 400s that store nothing, and reads.</summary>
public class OperatorApiTests(RoamingHostFixture fixture) : IClassFixture<RoamingHostFixture>, IAsyncLifetime
{
    private RoamingProcess Roaming => fixture.Roaming;

    public Task InitializeAsync() => fixture.Reset();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string ValidLocation = """
        {"country_code":"NL","party_id":"TNM","id":"LOC9","publish":true,"address":"Stationsplein 1","city":"Amsterdam",
         "country":"NLD","coordinates":{"latitude":"52.378900","longitude":"4.900500"},"time_zone":"Europe/Amsterdam",
         "last_updated":"2026-01-01T00:00:00Z",
         "evses":[{"uid":"LOC9-E1","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
           "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                          "max_amperage":32,"last_updated":"2026-01-01T00:00:00Z"}]}]}
        """;

    [Fact]
    public async Task every_operator_endpoint_refuses_a_missing_or_wrong_key()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(Roaming.Url) };
        using var wrongKey = new HttpClient { BaseAddress = new Uri(Roaming.Url) };
        wrongKey.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-key");

        foreach (var client in new[] { anonymous, wrongKey })
        {
            (await client.GetAsync("/api/sessions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await client.GetAsync("/api/cdrs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await client.PutAsync("/api/locations/LOC9", Json(ValidLocation))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await client.PutAsync("/api/tokens/T1", Json("{}"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task a_valid_location_is_stored_and_read_back()
    {
        (await Roaming.Api.PutAsync("/api/locations/LOC9", Json(ValidLocation))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var location = await Roaming.Api.GetFromJsonAsync<JsonObject>("/api/locations/LOC9");

        location!["time_zone"]!.GetValue<string>().ShouldBe("Europe/Amsterdam");
        location["evses"]![0]!["connectors"]![0]!["standard"]!.GetValue<string>().ShouldBe("IEC_62196_T2");
    }

    [Fact]
    public async Task an_invalid_location_names_each_bad_field_and_stores_nothing()
    {
        var bad = ValidLocation
            .Replace("\"time_zone\":\"Europe/Amsterdam\",", "\"time_zone\":\"Mars/Olympus\",")
            .Replace("IEC_62196_T2", "SCHUKO_PLUS")
            .Replace("\"city\":\"Amsterdam\"", $"\"city\":\"{new string('A', 46)}\"");

        var errors = await BadRequestErrors(await Roaming.Api.PutAsync("/api/locations/LOC9", Json(bad)));

        errors.ShouldContain("time_zone");
        errors.ShouldContain("evses[0].connectors[0].standard");
        errors.ShouldContain("city");
        (await Roaming.Api.GetFromJsonAsync<JsonArray>("/api/locations"))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_location_of_another_party_is_refused()
    {
        var errors = await BadRequestErrors(await Roaming.Api.PutAsync("/api/locations/LOC9", Json(ValidLocation.Replace("\"TNM\"", "\"XYZ\""))));

        errors.ShouldContain("party_id");
    }

    [Fact]
    public async Task an_invalid_tariff_names_each_bad_field_and_stores_nothing()
    {
        const string bad = """
            {"country_code":"NL","party_id":"TNM","id":"T9","currency":"EURO","last_updated":"2026-01-01T00:00:00Z",
             "elements":[{"price_components":[{"type":"ENERGY","price":-0.30,"step_size":0}]}]}
            """;

        var errors = await BadRequestErrors(await Roaming.Api.PutAsync("/api/tariffs/T9", Json(bad)));

        errors.ShouldContain("currency");
        errors.ShouldContain("elements[0].price_components[0].price");
        errors.ShouldContain("elements[0].price_components[0].step_size");
        (await Roaming.Api.GetFromJsonAsync<JsonArray>("/api/tariffs"))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_tariff_with_an_unknown_dimension_is_a_400_naming_it()
    {
        const string bad = """
            {"country_code":"NL","party_id":"TNM","id":"T9","currency":"EUR","last_updated":"2026-01-01T00:00:00Z",
             "elements":[{"price_components":[{"type":"KILOMETRES","price":0.30,"step_size":1}]}]}
            """;

        var errors = await BadRequestErrors(await Roaming.Api.PutAsync("/api/tariffs/T9", Json(bad)));

        errors.ShouldContain(e => e.StartsWith("elements[0].price_components[0]"));
    }

    [Fact]
    public async Task an_invalid_token_names_each_bad_field()
    {
        const string bad = """
            {"country_code":"NL","party_id":"TNM","uid":"T1","type":"RFID","contract_id":"NL-TNM-C00000042-X",
             "issuer":"E2E","valid":true,"whitelist":"SOMETIMES","last_updated":"2026-01-01T00:00:00Z"}
            """;

        var errors = await BadRequestErrors(await Roaming.Api.PutAsync("/api/tokens/T1", Json(bad)));

        errors.ShouldContain("whitelist");
    }

    private const string ValidToken = """
        {"country_code":"NL","party_id":"TNM","uid":"T1","type":"RFID","contract_id":"NL-TNM-C00000042-X","visual_number":"0042",
         "issuer":"E2E","valid":true,"whitelist":"ALLOWED","last_updated":"2026-01-01T00:00:00Z",
         "energy_contract":{"supplier_name":"Groene Stroom","contract_id":"GS-42"}}
        """;

    [Fact]
    public async Task a_token_reads_back_as_it_was_put_holder_data_included_and_lists_in_pages_with_the_count()
    {
        var put = await Roaming.Api.PutAsync("/api/tokens/T1", Json(ValidToken));
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Roaming.Api.PutAsync("/api/tokens/T2", Json(ValidToken.Replace("\"T1\"", "\"T2\"")))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var putToken = JsonNode.Parse(await put.Content.ReadAsStringAsync());

        var read = JsonNode.Parse(await Roaming.Api.GetStringAsync("/api/tokens/T1"));
        var page = await Roaming.Api.GetAsync("/api/tokens?limit=1");
        var unknown = await Roaming.Api.GetAsync("/api/tokens/T404");

        JsonNode.DeepEquals(read, putToken).ShouldBeTrue($"{read?.ToJsonString()} != {putToken?.ToJsonString()}");
        read!["contract_id"]!.GetValue<string>().ShouldBe("NL-TNM-C00000042-X");
        read["energy_contract"]!["supplier_name"]!.GetValue<string>().ShouldBe("Groene Stroom");
        page.Headers.GetValues("X-Total-Count").Single().ShouldBe("2");
        JsonNode.Parse(await page.Content.ReadAsStringAsync())!.AsArray().Count.ShouldBe(1);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task locations_list_with_their_count_and_an_unknown_tariff_is_a_404_problem()
    {
        (await Roaming.Api.PutAsync("/api/locations/LOC9", Json(ValidLocation))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var locations = await Roaming.Api.GetAsync("/api/locations");
        var tariff = await Roaming.Api.GetAsync("/api/tariffs/T404");

        locations.Headers.GetValues("X-Total-Count").Single().ShouldBe("1");
        JsonNode.Parse(await locations.Content.ReadAsStringAsync())!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe("LOC9");
        tariff.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        tariff.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task the_ready_check_lists_every_started_service()
    {
        using var http = new HttpClient();
        var health = await http.GetFromJsonAsync<JsonObject>($"{Roaming.Url}/health/ready");

        health!["status"]!.GetValue<string>().ShouldBe("Healthy");
        var services = health["services"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        services.Count.ShouldBe(services.Distinct().Count(), "each service once");
        new[] { "charging", "ingest", "network", "tokens" }.ShouldBeSubsetOf(services);
        health["checks"]!["store:charging"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<IReadOnlyList<string>> BadRequestErrors(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }
}
