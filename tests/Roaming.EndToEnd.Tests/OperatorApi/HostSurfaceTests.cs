using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;
using Roaming.Testing;

namespace Roaming.EndToEnd.Tests.OperatorApi;

/// <summary>One real <c>roaming run</c> configured the way an operator would: a small body limit and its own OCPI business details.</summary>
public sealed class ConfiguredHostFixture : IAsyncLifetime
{
    public const int BodyLimit = 1_000_000;
    public const string BusinessName = "Example Charging BV";

    public RoamingProcess Roaming { get; private set; } = null!;

    public async Task InitializeAsync() => Roaming = await RoamingProcess.Start("roaming_e2e_host_surface", new Dictionary<string, string>
    {
        ["Roaming__MaxRequestBodySize"] = BodyLimit.ToString(),
        ["Roaming__Ocpi__BusinessDetails__Name"] = BusinessName,
        ["Roaming__Ocpi__BusinessDetails__Website"] = "https://charging.example",
        ["Roaming__Ocpi__BusinessDetails__Logo__Url"] = "https://charging.example/logo.png",
        ["Roaming__Ocpi__Roles__0"] = "CPO",
    });

    public async Task DisposeAsync() => await Roaming.DisposeAsync();
}

/// <summary>What the host shows at its edges: the operator API's description, refused bodies, and how OCPI credentials present us.</summary>
public class HostSurfaceTests(ConfiguredHostFixture fixture) : IClassFixture<ConfiguredHostFixture>
{
    private RoamingProcess Roaming => fixture.Roaming;

    [Fact]
    public async Task the_operator_api_is_described_as_openapi_with_its_bearer_scheme_and_browsable_without_a_key()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(Roaming.Url) };

        var answer = await anonymous.GetAsync("/openapi/v1.json");
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, "the description is public: it holds no data and no key");
        using var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var root = document.RootElement;
        root.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        var paths = root.GetProperty("paths");
        paths.GetProperty("/api/locations/{id}").TryGetProperty("put", out var putLocation).ShouldBeTrue();
        paths.GetProperty("/api/cdrs").TryGetProperty("get", out _).ShouldBeTrue();
        putLocation.GetProperty("tags")[0].GetString().ShouldBe("locations");
        putLocation.GetProperty("operationId").GetString().ShouldBe("PutLocation");
        paths.EnumerateObject().Select(p => p.Name).ShouldAllBe(path => path.StartsWith("/api/"),
            "OCPI (/ocpi) and OCPP follow their own standards; health and keys are not the operator API");

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("operatorKey");
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");
        root.GetProperty("security")[0].TryGetProperty("operatorKey", out _).ShouldBeTrue("every operation needs the key");

        var reference = await anonymous.GetAsync("/scalar");
        reference.StatusCode.ShouldBe(HttpStatusCode.OK);
        reference.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await reference.Content.ReadAsStringAsync()).ShouldContain("openapi/v1.json");
    }

    [Theory]
    [InlineData("/api/tariffs/BIG")] // read by the endpoint (JsonBody)
    [InlineData("/api/locations/BIG")] // bound by the framework (a JsonElement parameter)
    public async Task an_oversized_operator_api_body_is_413_problem_details_not_a_server_error(string path)
    {
        using var content = new StringContent(Padded(ConfiguredHostFixture.BodyLimit * 2), Encoding.UTF8, "application/json");

        var answer = await Roaming.Api.PutAsync(path, content);

        answer.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await answer.Content.ReadAsStringAsync());
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await answer.Content.ReadFromJsonAsync<JsonObject>();
        problem!["status"]!.GetValue<int>().ShouldBe(413);
        Roaming.Output.ShouldNotContain(" ERR ", customMessage: "the client's mistake is no server error (logged before the answer)");
    }

    [Fact]
    public async Task an_oversized_body_read_by_an_endpoint_is_logged_as_a_warning()
    {
        using var content = new StringContent(Padded(ConfiguredHostFixture.BodyLimit * 2), Encoding.UTF8, "application/json");

        (await Roaming.Api.PutAsync("/api/tariffs/LOGGED", content)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        (await LogLine("/api/tariffs/LOGGED")).ShouldContain(" WRN ", customMessage: Roaming.Output);
    }

    [Fact]
    public async Task an_oversized_ocpi_body_is_413_in_the_ocpi_envelope()
    {
        var partner = await (await Roaming.Api.PostAsJsonAsync("/api/partners", new { name = "Big Body eMSP" })).Content.ReadFromJsonAsync<JsonObject>();
        using var ocpi = PartnerClient(partner!["token_a"]!.GetValue<string>());
        using var content = new StringContent(Padded(ConfiguredHostFixture.BodyLimit * 2), Encoding.UTF8, "application/json");

        var answer = await ocpi.PostAsync("/ocpi/2.2.1/credentials", content);

        answer.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await answer.Content.ReadAsStringAsync());
        var envelope = await answer.Content.ReadFromJsonAsync<JsonObject>();
        envelope!["status_code"]!.GetValue<int>().ShouldBe(2000);
        envelope["status_message"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        envelope["timestamp"].ShouldNotBeNull();
        (await LogLine("/ocpi/2.2.1/credentials")).ShouldContain(" WRN ", customMessage: Roaming.Output);
    }

    [Fact]
    public async Task our_credentials_carry_the_configured_business_details_and_roles()
    {
        var partner = await (await Roaming.Api.PostAsJsonAsync("/api/partners", new { name = "Curious eMSP" })).Content.ReadFromJsonAsync<JsonObject>();
        using var ocpi = PartnerClient(partner!["token_a"]!.GetValue<string>());

        var credentials = (await ocpi.GetFromJsonAsync<JsonObject>("/ocpi/2.2.1/credentials"))!["data"]!;

        var role = credentials["roles"]!.AsArray().ShouldHaveSingleItem()!;
        role["role"]!.GetValue<string>().ShouldBe("CPO");
        role["country_code"]!.GetValue<string>().ShouldBe("NL");
        role["party_id"]!.GetValue<string>().ShouldBe("TNM");
        role["business_details"]!["name"]!.GetValue<string>().ShouldBe(ConfiguredHostFixture.BusinessName);
        role["business_details"]!["website"]!.GetValue<string>().ShouldBe("https://charging.example");
        role["business_details"]!["logo"]!["url"]!.GetValue<string>().ShouldBe("https://charging.example/logo.png");
        role["business_details"]!["logo"]!["category"]!.GetValue<string>().ShouldBe("OPERATOR");
    }

    private HttpClient PartnerClient(string tokenA)
    {
        var client = new HttpClient { BaseAddress = new Uri(Roaming.Url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(tokenA)));
        return client;
    }

    /// <summary>Valid JSON of about <paramref name="bytes"/> bytes: its size, not its content, is what is refused.</summary>
    private static string Padded(int bytes) => "{\"padding\":\"" + new string('x', bytes) + "\"}";

    /// <summary>The host's log line about <paramref name="path"/> (written before the answer, read from its output as it arrives).</summary>
    private async Task<string> LogLine(string path)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (Roaming.Output.Split('\n').FirstOrDefault(line => line.Contains(path) && line.Contains("413")) is { } line)
                return line;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no log line about {path}: {Roaming.Output}");
    }
}
