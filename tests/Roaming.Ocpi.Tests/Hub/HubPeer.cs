using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Roaming.Ocpi.Tests.Peers;

namespace Roaming.Ocpi.Tests.Hub;

/// <summary>One request that reached a peer, with the headers the hub set.</summary>
public sealed record PeerRequest(string Method, string PathAndQuery, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant(), "");
}

/// <summary>
/// A participant's OCPI platform on a loopback port (<see cref="OcpiPeer"/>: written by hand after the spec): versions
/// and version details (every routed module as SENDER and RECEIVER under <c>/ocpi/2.2.1/{sender|receiver}/{module}</c>, and
/// the hubclientinfo RECEIVER), accepting only its own token; every other request is recorded and answered as
/// <see cref="Answer"/> says. <see cref="GoDown"/> closes the port (connection refused) until <see cref="ComeBack"/>.
/// </summary>
public sealed class HubPeer : IAsyncDisposable
{
    private static readonly string[] Modules = ["locations", "sessions", "cdrs", "tariffs", "tokens", "commands"];
    private readonly OcpiPeer _peer;

    private HubPeer(string name)
    {
        Token = $"{name}-token-for-the-hub";
        _peer = new OcpiPeer(MapInterfaces)
        {
            OnlyToken = Token,
            Endpoints = [("credentials", "SENDER", "credentials"), ("hubclientinfo", "RECEIVER", "hubclientinfo"),
                .. Modules.SelectMany(module => new[] { (module, "SENDER", $"sender/{module}"), (module, "RECEIVER", $"receiver/{module}") })],
        };
    }

    /// <summary>The token this platform gives the hub in the handshake: the hub must present it on every forwarded call.</summary>
    public string Token { get; }

    /// <summary>The token the hub gave this platform (credentials token C), with which it calls the hub.</summary>
    public string? HubToken { get; set; }

    public string Url => _peer.Url;
    public string VersionsUrl => _peer.VersionsUrl;
    public string Module(string role, string module) => $"{_peer.VersionUrl}/{role}/{module}";

    public TimeSpan Stall { get; set; }

    public Func<HttpRequest, string, (int Status, JsonObject Body, IReadOnlyDictionary<string, string> Headers)> Answer { get; set; } =
        (_, _) => (200, Envelope(1000, null), new Dictionary<string, string>());

    public ConcurrentQueue<PeerRequest> Received { get; } = new();

    public static JsonObject Envelope(int statusCode, string? message, JsonNode? data = null) => OcpiPeer.Envelope(statusCode, message, data);

    public static async Task<HubPeer> Start(string name)
    {
        var peer = new HubPeer(name);
        await peer.ComeBack();
        return peer;
    }

    public Task GoDown() => _peer.GoDown();

    public Task ComeBack() => _peer.ComeBack();

    private void MapInterfaces(WebApplication app) =>
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

    public async ValueTask DisposeAsync() => await _peer.DisposeAsync();
}
