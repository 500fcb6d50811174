using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Roaming.Testing;

namespace Roaming.Ocpi.Tests.Pushing;

/// <summary>One request the partner took (answered 2xx/1000).</summary>
public sealed record TakenRequest(string Method, string Path, string Body);

/// <summary>
/// An eMSP's OCPI platform on a fixed loopback port, written by hand after the spec rather than with our OCPI code, reduced
/// to what pushes need: the handshake (versions, version details, credentials) and the sessions and CDRs receivers. The
/// receivers answer as <see cref="Answer"/> says; <see cref="GoDown"/> closes the port (connection refused) until
/// <see cref="ComeBack"/>.
/// </summary>
public sealed class FlakyPartner : IAsyncDisposable
{
    public const string TokenA = "flaky-partner-token-a";

    private readonly int _port = TestServers.FreeTcpPort();
    private readonly string _partyId;
    private WebApplication? _app;

    private FlakyPartner(string partyId) => _partyId = partyId;

    /// <summary>How long the receivers take before they answer (a partner that accepts connections but hangs).</summary>
    public TimeSpan Stall { get; set; }

    public string Url => $"http://127.0.0.1:{_port}";
    public string VersionsUrl => Url + "/ocpi/versions";

    /// <summary>How the receivers answer a request: HTTP status and OCPI body. Accepting by default.</summary>
    public Func<HttpRequest, string, (int Status, JsonObject Body)> Answer { get; set; } = (_, _) => Accepted();

    /// <summary>The requests the partner took, in the order they arrived.</summary>
    public ConcurrentQueue<TakenRequest> Taken { get; } = new();

    /// <summary>The token we gave the partner in the handshake, with which it calls us.</summary>
    public string? OurToken { get; private set; }

    /// <summary>Every request that reached a receiver (taken or not).</summary>
    public int Calls => _calls;

    private int _calls;

    public static (int, JsonObject) Accepted() => (200, Envelope(1000, null));

    public static JsonObject Envelope(int statusCode, string? message, JsonNode? data = null) => new()
    {
        ["status_code"] = statusCode, ["status_message"] = message, ["data"] = data, ["timestamp"] = "2026-11-24T10:00:00Z",
    };

    /// <summary>Starts the partner as the eMSP NL*<paramref name="partyId"/>.</summary>
    public static async Task<FlakyPartner> Start(string partyId = "MSP")
    {
        var partner = new FlakyPartner(partyId);
        await partner.ComeBack();
        return partner;
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
        var module = Url + "/ocpi/2.2.1";
        app.MapGet("/ocpi/versions", () => Results.Json(Envelope(1000, null, new JsonArray(new JsonObject { ["version"] = "2.2.1", ["url"] = module }))));
        app.MapGet("/ocpi/2.2.1", () => Results.Json(Envelope(1000, null, new JsonObject
        {
            ["version"] = "2.2.1",
            ["endpoints"] = new JsonArray(
                Endpoint("credentials", "SENDER", module + "/credentials"),
                Endpoint("sessions", "RECEIVER", module + "/emsp/sessions"),
                Endpoint("cdrs", "RECEIVER", module + "/emsp/cdrs")),
        })));
        app.MapPost("/ocpi/2.2.1/credentials", async (HttpRequest request) =>
        {
            OurToken = (await JsonNode.ParseAsync(request.Body))!["token"]!.GetValue<string>();
            return Results.Json(Envelope(1000, null, new JsonObject
            {
                ["token"] = "flaky-partner-token-c", ["url"] = VersionsUrl,
                ["roles"] = new JsonArray(new JsonObject
                {
                    ["role"] = "EMSP", ["party_id"] = _partyId, ["country_code"] = "NL", ["business_details"] = new JsonObject { ["name"] = "Flaky eMSP" },
                }),
            }));
        });
        app.Map("/ocpi/2.2.1/emsp/{**rest}", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _calls);
            if (Stall > TimeSpan.Zero)
                await Task.Delay(Stall, request.HttpContext.RequestAborted);
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            var (status, answer) = Answer(request, body);
            if (status is >= 200 and < 300 && answer["status_code"]!.GetValue<int>() == 1000)
                Taken.Enqueue(new TakenRequest(request.Method, request.Path.Value!, body));
            return Results.Json(answer, statusCode: status);
        });
        await app.StartAsync();
        _app = app;
    }

    private static JsonObject Endpoint(string identifier, string role, string url) => new() { ["identifier"] = identifier, ["role"] = role, ["url"] = url };

    public async ValueTask DisposeAsync() => await GoDown();
}
