using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Roaming.Testing;

namespace Roaming.Ocpi.Tests.Pulling;

/// <summary>
/// A CPO's OCPI platform (BE*BEC, the party of the spec's examples) on a loopback port, written by hand after the spec
/// rather than with our OCPI code, reduced to what pulling needs: the handshake (versions, version details, credentials)
/// and the locations and cdrs SENDER interfaces, which answer their whole list in one page (date_from is ignored, as a
/// lax peer does, so a pull reads every CDR again). It can also push a CDR to the eMSP it registered with.
/// </summary>
public sealed class PullableCpo : IAsyncDisposable
{
    public const string TokenA = "pullable-cpo-token-a";
    private const string OurToken = "pullable-cpo-token-c";

    private readonly int _port = TestServers.FreeTcpPort();
    private WebApplication? _app;

    public string Url => $"http://127.0.0.1:{_port}";
    public string VersionsUrl => Url + "/ocpi/versions";

    /// <summary>What the cdrs sender lists, in order.</summary>
    public List<JsonObject> Cdrs { get; } = [];

    /// <summary>What the locations sender lists.</summary>
    public List<JsonObject> Locations { get; } = [];

    /// <summary>The token the eMSP gave us in the handshake, with which we call it.</summary>
    public string? TheirToken { get; private set; }

    private string? _theirVersionsUrl;

    public static async Task<PullableCpo> Start()
    {
        var cpo = new PullableCpo();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(cpo.Url);
        var app = builder.Build();
        var module = cpo.Url + "/ocpi/2.2.1";
        app.MapGet("/ocpi/versions", () => Results.Json(Envelope(new JsonArray(new JsonObject { ["version"] = "2.2.1", ["url"] = module }))));
        app.MapGet("/ocpi/2.2.1", () => Results.Json(Envelope(new JsonObject
        {
            ["version"] = "2.2.1",
            ["endpoints"] = new JsonArray(
                Endpoint("credentials", "SENDER", module + "/credentials"),
                Endpoint("locations", "SENDER", module + "/cpo/locations"),
                Endpoint("cdrs", "SENDER", module + "/cpo/cdrs")),
        })));
        app.MapPost("/ocpi/2.2.1/credentials", async (HttpRequest request) =>
        {
            var credentials = (await JsonNode.ParseAsync(request.Body))!;
            cpo.TheirToken = credentials["token"]!.GetValue<string>();
            cpo._theirVersionsUrl = credentials["url"]!.GetValue<string>();
            return Results.Json(Envelope(new JsonObject
            {
                ["token"] = OurToken, ["url"] = cpo.VersionsUrl,
                ["roles"] = new JsonArray(new JsonObject
                {
                    ["role"] = "CPO", ["party_id"] = "BEC", ["country_code"] = "BE", ["business_details"] = new JsonObject { ["name"] = "Pullable CPO" },
                }),
            }));
        });
        app.MapGet("/ocpi/2.2.1/cpo/locations", (HttpResponse response) => List(response, cpo.Locations));
        app.MapGet("/ocpi/2.2.1/cpo/cdrs", (HttpResponse response) => List(response, cpo.Cdrs));
        await app.StartAsync();
        cpo._app = app;
        return cpo;
    }

    /// <summary>POSTs <paramref name="cdr"/> to the eMSP's cdrs receiver with the token it gave us.</summary>
    public async Task<HttpResponseMessage> Push(JsonObject cdr)
    {
        using var client = Authorized();
        using var request = new HttpRequestMessage(HttpMethod.Post, await TheirCdrsReceiver(client))
        {
            Content = new StringContent(cdr.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        return await client.SendAsync(request);
    }

    private HttpClient Authorized()
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(TheirToken!)));
        return client;
    }

    /// <summary>The eMSP's cdrs receiver, from its versions and version details.</summary>
    private async Task<string> TheirCdrsReceiver(HttpClient client)
    {
        var versions = JsonNode.Parse(await client.GetStringAsync(_theirVersionsUrl))!["data"]!.AsArray();
        var details = JsonNode.Parse(await client.GetStringAsync(versions.Single(v => v!["version"]!.GetValue<string>() == "2.2.1")!["url"]!.GetValue<string>()))!;
        return details["data"]!["endpoints"]!.AsArray()
            .Single(e => e!["identifier"]!.GetValue<string>() == "cdrs" && e["role"]!.GetValue<string>() == "RECEIVER")!["url"]!.GetValue<string>();
    }

    private static IResult List(HttpResponse response, List<JsonObject> items)
    {
        response.Headers["X-Total-Count"] = items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Limit"] = "100";
        return Results.Json(Envelope(new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray())));
    }

    private static JsonObject Envelope(JsonNode data) => new()
    {
        ["status_code"] = 1000, ["status_message"] = "Success", ["data"] = data, ["timestamp"] = "2026-12-07T10:00:00Z",
    };

    private static JsonObject Endpoint(string identifier, string role, string url) => new() { ["identifier"] = identifier, ["role"] = role, ["url"] = url };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
