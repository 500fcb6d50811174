using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Roaming.Ocpi.Tests.Peers;

namespace Roaming.Ocpi.Tests.Hub.Data;

/// <summary>One request a participant's platform took, with the routing headers the hub sent.</summary>
public sealed record ReceivedPush(string Method, string Path, string Query, string Body, string? From, string? To);

/// <summary>
/// A participant's OCPI platform behind the hub (<see cref="OcpiPeer"/>: written by hand after the spec): receivers for locations,
/// tokens, tariffs and CDRs on a loopback port that take every request (1000) and record it with its routing headers.
/// <see cref="GoDown"/> closes the port (connection refused) until <see cref="ComeBack"/>.
/// </summary>
public sealed class ParticipantPlatform : IAsyncDisposable
{
    private readonly OcpiPeer _peer;

    private ParticipantPlatform() => _peer = new OcpiPeer(MapReceivers);

    public string Url => _peer.Url;
    public string Module => _peer.VersionUrl;

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

    public Task GoDown() => _peer.GoDown();

    public Task ComeBack() => _peer.ComeBack();

    private void MapReceivers(WebApplication app) =>
        app.Map("/ocpi/2.2.1/{**rest}", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            if (Unavailable)
            {
                Interlocked.Increment(ref _unavailableAnswers);
                return Results.Json(OcpiPeer.Envelope(3000, "maintenance"), statusCode: 503);
            }
            Received.Enqueue(new ReceivedPush(request.Method, request.Path.Value!, request.QueryString.Value ?? "", body,
                Party(request, "from"), Party(request, "to")));
            return Results.Json(OcpiPeer.Envelope(1000, null));
        });

    private static string? Party(HttpRequest request, string direction) =>
        request.Headers.TryGetValue($"OCPI-{direction}-country-code", out var cc) && request.Headers.TryGetValue($"OCPI-{direction}-party-id", out var pid)
            ? $"{cc}*{pid}"
            : null;

    public async ValueTask DisposeAsync() => await _peer.DisposeAsync();
}
