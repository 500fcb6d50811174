using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Roaming.Testing;

namespace Roaming.EndToEnd.Tests.Hub;

/// <summary>
/// An OCPI 2.2.1 platform written from the spec's text and examples, not from our OCPI code: plain HTTP and JSON for one
/// party in one role. It registers with a hub (the credentials handshake, token A → B → C, Base64 "Token" headers), sends
/// requests with the routing headers, records every request it receives as it came over the wire, and as a CPO answers a
/// START_SESSION with ACCEPTED and then POSTs the asynchronous result to the command's <c>response_url</c>.
/// </summary>
public sealed class PlainOcpiPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _tokenB = "plain-" + Guid.NewGuid().ToString("N");
    private string? _hubToken;

    private PlainOcpiPlatform(WebApplication app, string url, string countryCode, string partyId, string role)
    {
        _app = app;
        Url = url;
        CountryCode = countryCode;
        PartyId = partyId;
        Role = role;
    }

    public string Url { get; }
    public string CountryCode { get; }
    public string PartyId { get; }
    public string Role { get; }
    public string Party => $"{CountryCode}*{PartyId}";
    public string VersionsUrl => $"{Url}/ocpi/versions";

    /// <summary>The hub's endpoints from its version details: (identifier, role) → URL.</summary>
    public IReadOnlyDictionary<(string Module, string Role), string> HubEndpoints { get; private set; } = new Dictionary<(string, string), string>();

    /// <summary>Whether the receiver refuses pushes with a 503 (an outage as a load balancer in front of a stopped platform gives).</summary>
    public bool Down { get; set; }

    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, JsonNode? Body, DateTimeOffset At);

    public static async Task<PlainOcpiPlatform> Start(string countryCode, string partyId, string role)
    {
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var platform = new PlainOcpiPlatform(app, url, countryCode, partyId, role);
        app.MapGet("/ocpi/versions", (HttpContext http) => platform.Authorized(http)
            ? Envelope(1000, new JsonArray(new JsonObject { ["version"] = "2.2.1", ["url"] = $"{url}/ocpi/2.2.1" }))
            : Unauthorized());
        app.MapGet("/ocpi/2.2.1", (HttpContext http) => platform.Authorized(http) ? Envelope(1000, platform.VersionDetails()) : Unauthorized());
        app.Map("/ocpi/2.2.1/{**path}", platform.Receive);
        await app.StartAsync();
        return platform;
    }

    private JsonObject VersionDetails()
    {
        var endpoints = new JsonArray(Endpoint("credentials", "SENDER"), Endpoint("credentials", "RECEIVER"), Endpoint("hubclientinfo", "RECEIVER"));
        var modules = Role == "CPO"
            ? new[] { ("tokens", "RECEIVER"), ("commands", "RECEIVER"), ("locations", "SENDER"), ("cdrs", "SENDER") }
            : new[] { ("locations", "RECEIVER"), ("cdrs", "RECEIVER"), ("sessions", "RECEIVER"), ("tariffs", "RECEIVER"), ("tokens", "SENDER"), ("commands", "SENDER") };
        foreach (var (module, role) in modules)
            endpoints.Add(Endpoint(module, role));
        return new JsonObject { ["version"] = "2.2.1", ["endpoints"] = endpoints };
    }

    private JsonObject Endpoint(string module, string role) =>
        new() { ["identifier"] = module, ["role"] = role, ["url"] = $"{Url}/ocpi/2.2.1/{role.ToLowerInvariant()}/{module}" };

    private async Task<IResult> Receive(HttpContext http, string path)
    {
        if (!Authorized(http))
            return Unauthorized();
        var text = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var body = text.Length == 0 ? null : JsonNode.Parse(text);
        _received.Enqueue(new Received(http.Request.Method, path, http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body, DateTimeOffset.UtcNow));
        if (Down)
            return Results.StatusCode(503);
        if (path.StartsWith("receiver/commands/", StringComparison.Ordinal) && body?["response_url"]?.GetValue<string>() is { } responseUrl)
        {
            // The result follows the answer, as a charger's answer would (OCPI 2.2.1 commands: CommandResponse now, CommandResult later).
            var requester = ToOf(http);
            _ = Task.Run(async () =>
            {
                await Task.Delay(200);
                try
                {
                    CommandResultAnswers.Enqueue((await Send(HttpMethod.Post, responseUrl, new JsonObject { ["result"] = "ACCEPTED" }, requester)).ToJsonString());
                }
                catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException)
                {
                    CommandResultAnswers.Enqueue(exception.Message);
                }
            });
            return Envelope(1000, new JsonObject { ["result"] = "ACCEPTED", ["timeout"] = 30 });
        }
        return Envelope(1000, null);
    }

    private static (string CountryCode, string PartyId)? ToOf(HttpContext http) =>
        http.Request.Headers["OCPI-from-country-code"].ToString() is { Length: 2 } cc ? (cc, http.Request.Headers["OCPI-from-party-id"].ToString()) : null;

    private bool Authorized(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Token ", StringComparison.Ordinal))
            return false;
        var presented = header["Token ".Length..];
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(presented));
        }
        catch (FormatException)
        {
            decoded = presented;
        }
        return decoded == _tokenB;
    }

    /// <summary>
    /// The handshake as the spec's credentials chapter describes it: GET the hub's versions and the 2.2.1 details with
    /// token A, POST our credentials (token B, our versions URL, our role) and keep the hub's token C.
    /// </summary>
    public async Task<JsonObject> Register(string hubVersionsUrl, string tokenA)
    {
        var versions = await Call(HttpMethod.Get, hubVersionsUrl, null, null, tokenA);
        var detailsUrl = versions["data"]!.AsArray().Single(v => v!["version"]!.GetValue<string>() == "2.2.1")!["url"]!.GetValue<string>();
        var details = await Call(HttpMethod.Get, detailsUrl, null, null, tokenA);
        HubEndpoints = details["data"]!["endpoints"]!.AsArray().ToDictionary(
            e => (e!["identifier"]!.GetValue<string>(), e["role"]!.GetValue<string>()), e => e!["url"]!.GetValue<string>());
        var credentials = new JsonObject
        {
            ["token"] = _tokenB,
            ["url"] = VersionsUrl,
            ["roles"] = new JsonArray(new JsonObject
            {
                ["role"] = Role, ["party_id"] = PartyId, ["country_code"] = CountryCode,
                ["business_details"] = new JsonObject { ["name"] = $"Plain {Role} {Party}" },
            }),
        };
        var answer = await Call(HttpMethod.Post, HubEndpoints[("credentials", "SENDER")], credentials, null, tokenA);
        if (answer["status_code"]!.GetValue<int>() != 1000)
            throw new InvalidOperationException($"The hub refused the credentials: {answer.ToJsonString()}");
        _hubToken = answer["data"]!["token"]!.GetValue<string>();
        return answer;
    }

    /// <summary>A request to the hub with our token C and the routing headers (FROM = us, TO = <paramref name="to"/>).</summary>
    public Task<JsonObject> Send(HttpMethod method, string url, JsonNode? body, (string CountryCode, string PartyId)? to) =>
        Call(method, url, body, to, _hubToken ?? throw new InvalidOperationException("Not registered with the hub"));

    /// <summary>The full HTTP answer of a request to the hub (status, headers, body), for asserting what the wire carried.</summary>
    public async Task<HttpResponseMessage> SendRaw(HttpMethod method, string url, string? body, (string CountryCode, string PartyId)? to,
        (string CountryCode, string PartyId)? from = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", Convert.ToBase64String(Encoding.UTF8.GetBytes(_hubToken!)));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Correlation-ID", Guid.NewGuid().ToString());
        var sender = from ?? (CountryCode, PartyId);
        request.Headers.Add("OCPI-from-country-code", sender.CountryCode);
        request.Headers.Add("OCPI-from-party-id", sender.PartyId);
        if (to is { } receiver)
        {
            request.Headers.Add("OCPI-to-country-code", receiver.CountryCode);
            request.Headers.Add("OCPI-to-party-id", receiver.PartyId);
        }
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await _http.SendAsync(request);
    }

    private async Task<JsonObject> Call(HttpMethod method, string url, JsonNode? body, (string CountryCode, string PartyId)? to, string token)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", Convert.ToBase64String(Encoding.UTF8.GetBytes(token)));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Correlation-ID", Guid.NewGuid().ToString());
        if (to is { } receiver)
        {
            request.Headers.Add("OCPI-from-country-code", CountryCode);
            request.Headers.Add("OCPI-from-party-id", PartyId);
            request.Headers.Add("OCPI-to-country-code", receiver.CountryCode);
            request.Headers.Add("OCPI-to-party-id", receiver.PartyId);
        }
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {text}");
    }

    public IReadOnlyList<Received> All => _received.ToArray();

    /// <summary>What the hub answered to each command result this CPO posted to a <c>response_url</c>.</summary>
    public ConcurrentQueue<string> CommandResultAnswers { get; } = new();

    /// <summary>Waits until a request matching <paramref name="condition"/> arrived (pushes are asynchronous); a timeout fails.</summary>
    public async Task<Received> WaitFor(Func<Received, bool> condition, TimeSpan timeout, string why)
    {
        var deadline = Patience.DeadlineAfter(timeout);
        while (DateTime.UtcNow < deadline)
        {
            if (_received.FirstOrDefault(condition) is { } received)
                return received;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Party} never received {why}; got:\n{string.Join("\n", All.Select(r => $"{r.Method} {r.Path} {r.Body?.ToJsonString()}"))}");
    }

    private static IResult Envelope(int statusCode, JsonNode? data) => Results.Text(new JsonObject
    {
        ["data"] = data, ["status_code"] = statusCode, ["status_message"] = statusCode == 1000 ? "Success" : "Refused",
        ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
    }.ToJsonString(), "application/json");

    private static IResult Unauthorized() => Results.Text(new JsonObject
    {
        ["status_code"] = 2000, ["status_message"] = "Unknown token", ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
    }.ToJsonString(), "application/json", statusCode: 401);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
