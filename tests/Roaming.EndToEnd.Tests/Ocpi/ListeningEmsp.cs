using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Roaming.Testing;

namespace Roaming.EndToEnd.Tests.Ocpi;

/// <summary>
/// A partner eMSP simulated by a plain HTTP server: just enough OCPI 2.2.1 for a CPO to register with it (versions,
/// version details, credentials) and a Locations receiver that records every request it gets, as it came over the wire.
/// </summary>
public sealed class ListeningEmsp : IAsyncDisposable
{
    public const string TokenA = "listening-emsp-token-a";
    private const string TokenC = "listening-emsp-token-c";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedPush> _received = new();

    private ListeningEmsp(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }
    public string VersionsUrl => $"{Url}/ocpi/versions";

    public sealed record ReceivedPush(string Method, string Path, JsonObject? Body, DateTimeOffset ReceivedAt);

    public static async Task<ListeningEmsp> Start()
    {
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var emsp = new ListeningEmsp(app, url);
        app.MapGet("/ocpi/versions", () => Ok(new JsonArray(new JsonObject { ["version"] = "2.2.1", ["url"] = $"{url}/ocpi/2.2.1" })));
        app.MapGet("/ocpi/2.2.1", () => Ok(new JsonObject
        {
            ["version"] = "2.2.1",
            ["endpoints"] = new JsonArray(
                new JsonObject { ["identifier"] = "credentials", ["role"] = "SENDER", ["url"] = $"{url}/ocpi/2.2.1/credentials" },
                new JsonObject { ["identifier"] = "credentials", ["role"] = "RECEIVER", ["url"] = $"{url}/ocpi/2.2.1/credentials" },
                new JsonObject { ["identifier"] = "locations", ["role"] = "RECEIVER", ["url"] = $"{url}/ocpi/emsp/2.2.1/locations" }),
        }));
        app.MapPost("/ocpi/2.2.1/credentials", () => Ok(new JsonObject
        {
            ["token"] = TokenC,
            ["url"] = $"{url}/ocpi/versions",
            ["roles"] = new JsonArray(new JsonObject
            {
                ["role"] = "EMSP", ["country_code"] = "NL", ["party_id"] = "LSN",
                ["business_details"] = new JsonObject { ["name"] = "Listening eMSP" },
            }),
        }));
        app.Map("/ocpi/emsp/2.2.1/locations/{**path}", async (HttpContext http, string path) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            emsp._received.Enqueue(new ReceivedPush(http.Request.Method, path, body.Length == 0 ? null : JsonNode.Parse(body)!.AsObject(), DateTimeOffset.UtcNow));
            return Ok(null);
        });
        await app.StartAsync();
        return emsp;
    }

    public IReadOnlyList<ReceivedPush> Received => _received.ToArray();

    /// <summary>Waits until a request matching <paramref name="condition"/> arrived (pushes are asynchronous); a timeout fails.</summary>
    public async Task<ReceivedPush> WaitFor(Func<ReceivedPush, bool> condition, TimeSpan timeout, string why)
    {
        var deadline = Patience.DeadlineAfter(timeout);
        while (DateTime.UtcNow < deadline)
        {
            if (_received.FirstOrDefault(condition) is { } push)
                return push;
            await Task.Delay(20);
        }
        throw new TimeoutException($"the eMSP never received {why}; got: {string.Join("\n", Received.Select(r => $"{r.Method} {r.Path} {r.Body?.ToJsonString()}"))}");
    }

    private static IResult Ok(JsonNode? data) => Results.Text(new JsonObject
    {
        ["data"] = data, ["status_code"] = 1000, ["status_message"] = "Success", ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
    }.ToJsonString(), "application/json");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
