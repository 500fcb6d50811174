using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Roaming.Testing;

namespace Roaming.Ocpi.Tests.Hub.Data;

/// <summary>One request a participant's platform took, with the routing headers the hub sent.</summary>
public sealed record ReceivedPush(string Method, string Path, string Query, string Body, string? From, string? To);

/// <summary>
/// A participant's OCPI platform behind the hub, written by hand rather than with our OCPI code: receivers for locations,
/// tokens, tariffs and CDRs on a loopback port that take every request (1000) and record it with its routing headers.
/// <see cref="GoDown"/> closes the port (connection refused) until <see cref="ComeBack"/>.
/// </summary>
public sealed class ParticipantPlatform : IAsyncDisposable
{
    private readonly int _port = TestServers.FreeTcpPort();
    private WebApplication? _app;

    public string Url => $"http://127.0.0.1:{_port}";
    public string Module => Url + "/ocpi/2.2.1";

    public ConcurrentQueue<ReceivedPush> Received { get; } = new();

    /// <summary>While set, the platform is up but answers every request 503 (counted in <see cref="UnavailableAnswers"/>, not recorded).</summary>
    public bool Unavailable { get; set; }

    public int UnavailableAnswers => _unavailableAnswers;

    private int _unavailableAnswers;

    public IReadOnlyList<ReceivedPush> Of(string module) => [.. Received.Where(r => r.Path.StartsWith($"/ocpi/2.2.1/{module}", StringComparison.Ordinal))];

    public static async Task<ParticipantPlatform> Start()
    {
        var platform = new ParticipantPlatform();
        await platform.ComeBack();
        return platform;
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
        app.Map("/ocpi/2.2.1/{**rest}", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            if (Unavailable)
            {
                Interlocked.Increment(ref _unavailableAnswers);
                return Results.Json(new JsonObject { ["status_code"] = 3000, ["status_message"] = "maintenance", ["timestamp"] = "2026-12-07T10:00:00Z" },
                    statusCode: 503);
            }
            Received.Enqueue(new ReceivedPush(request.Method, request.Path.Value!, request.QueryString.Value ?? "", body,
                Party(request, "from"), Party(request, "to")));
            return Results.Json(new JsonObject { ["status_code"] = 1000, ["timestamp"] = "2026-12-07T10:00:00Z" });
        });
        await app.StartAsync();
        _app = app;
    }

    private static string? Party(HttpRequest request, string direction) =>
        request.Headers.TryGetValue($"OCPI-{direction}-country-code", out var cc) && request.Headers.TryGetValue($"OCPI-{direction}-party-id", out var pid)
            ? $"{cc}*{pid}"
            : null;

    public async ValueTask DisposeAsync() => await GoDown();
}
