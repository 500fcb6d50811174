using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Roaming.Testing;

namespace Roaming.Ocpi.Tests.Hub;

/// <summary>One request that reached a peer, with the headers the hub set.</summary>
public sealed record PeerRequest(string Method, string PathAndQuery, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant(), "");
}

/// <summary>
/// A participant's OCPI platform on a loopback port, written by hand after the spec rather than with our OCPI code: versions
/// and version details (every routed module as SENDER and RECEIVER under <c>/ocpi/2.2.1/{sender|receiver}/{module}</c>, and
/// the hubclientinfo RECEIVER), accepting only its own token; every other request is recorded and answered as
/// <see cref="Answer"/> says. <see cref="GoDown"/> closes the port (connection refused) until <see cref="ComeBack"/>.
/// </summary>
public sealed class HubPeer : IAsyncDisposable
{
    private static readonly string[] Modules = ["locations", "sessions", "cdrs", "tariffs", "tokens", "commands"];
    private readonly int _port = TestServers.FreeTcpPort();
    private WebApplication? _app;

    private HubPeer(string name) => Token = $"{name}-token-for-the-hub";

    /// <summary>The token this platform gives the hub in the handshake: the hub must present it on every forwarded call.</summary>
    public string Token { get; }

    /// <summary>The token the hub gave this platform (credentials token C), with which it calls the hub.</summary>
    public string? HubToken { get; set; }

    public string Url => $"http://127.0.0.1:{_port}";
    public string VersionsUrl => Url + "/ocpi/versions";
    public string Module(string role, string module) => $"{Url}/ocpi/2.2.1/{role}/{module}";

    public TimeSpan Stall { get; set; }

    public Func<HttpRequest, string, (int Status, JsonObject Body, IReadOnlyDictionary<string, string> Headers)> Answer { get; set; } =
        (_, _) => (200, Envelope(1000, null), new Dictionary<string, string>());

    public ConcurrentQueue<PeerRequest> Received { get; } = new();

    public static JsonObject Envelope(int statusCode, string? message, JsonNode? data = null) => new()
    {
        ["data"] = data, ["status_code"] = statusCode, ["status_message"] = message, ["timestamp"] = "2026-12-01T10:00:00Z",
    };

    public static async Task<HubPeer> Start(string name)
    {
        var peer = new HubPeer(name);
        await peer.ComeBack();
        return peer;
    }

    public async Task GoDown()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async Task ComeBack()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Url);
        var app = builder.Build();
        var authorized = "Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Token));
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.ToString() != authorized)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(Envelope(2000, "Unknown token"));
                return;
            }
            await next(context);
        });
        app.MapGet("/ocpi/versions", () => Results.Json(Envelope(1000, null, new JsonArray(new JsonObject { ["version"] = "2.2.1", ["url"] = Url + "/ocpi/2.2.1" }))));
        app.MapGet("/ocpi/2.2.1", () =>
        {
            var endpoints = new JsonArray(Endpoint("credentials", "SENDER", Url + "/ocpi/2.2.1/credentials"),
                Endpoint("hubclientinfo", "RECEIVER", Url + "/ocpi/2.2.1/hubclientinfo"));
            foreach (var module in Modules)
            {
                endpoints.Add(Endpoint(module, "SENDER", Module("sender", module)));
                endpoints.Add(Endpoint(module, "RECEIVER", Module("receiver", module)));
            }
            return Results.Json(Envelope(1000, null, new JsonObject { ["version"] = "2.2.1", ["endpoints"] = endpoints }));
        });
        app.Map("/{**rest}", async (HttpContext context) =>
        {
            var request = context.Request;
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            Received.Enqueue(new PeerRequest(request.Method, request.Path + request.QueryString, body,
                request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
            // The hub's client info pushes are taken as they come; the module interfaces answer as the test says.
            if (request.Path.StartsWithSegments("/ocpi/2.2.1/hubclientinfo"))
                return Results.Json(Envelope(1000, null));
            if (Stall > TimeSpan.Zero)
                await Task.Delay(Stall, context.RequestAborted);
            var (status, answer, headers) = Answer(request, body);
            foreach (var (name, value) in headers)
                context.Response.Headers[name] = value;
            return Results.Json(answer, statusCode: status);
        });
        await app.StartAsync();
        _app = app;
    }

    private static JsonObject Endpoint(string identifier, string role, string url) => new() { ["identifier"] = identifier, ["role"] = role, ["url"] = url };

    public async ValueTask DisposeAsync() => await GoDown();
}
