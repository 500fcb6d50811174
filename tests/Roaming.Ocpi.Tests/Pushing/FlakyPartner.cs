using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Roaming.Ocpi.Tests.Peers;

namespace Roaming.Ocpi.Tests.Pushing;

/// <summary>One request the partner took (answered 2xx/1000).</summary>
public sealed record TakenRequest(string Method, string Path, string Body);

/// <summary>
/// An eMSP's OCPI platform on a loopback port (<see cref="OcpiPeer"/>: written by hand after the spec), reduced to what
/// pushes need: the handshake (versions, version details, credentials) and the sessions and CDRs receivers. The
/// receivers answer as <see cref="Answer"/> says; <see cref="GoDown"/> closes the port (connection refused) until
/// <see cref="ComeBack"/>.
/// </summary>
public sealed class FlakyPartner : IAsyncDisposable
{
    public const string TokenA = "flaky-partner-token-a";

    private readonly OcpiPeer _peer;

    private FlakyPartner(string partyId) => _peer = new OcpiPeer(MapReceivers)
    {
        Endpoints = [("credentials", "SENDER", "credentials"), ("sessions", "RECEIVER", "emsp/sessions"), ("cdrs", "RECEIVER", "emsp/cdrs")],
        Credentials = new PeerCredentials("flaky-partner-token-c", "EMSP", $"NL*{partyId}", "Flaky eMSP"),
    };

    /// <summary>How long the receivers take before they answer (a partner that accepts connections but hangs).</summary>
    public TimeSpan Stall { get; set; }

    public string Url => _peer.Url;
    public string VersionsUrl => _peer.VersionsUrl;

    /// <summary>How the receivers answer a request: HTTP status and OCPI body. Accepting by default.</summary>
    public Func<HttpRequest, string, (int Status, JsonObject Body)> Answer { get; set; } = (_, _) => Accepted();

    /// <summary>The requests the partner took, in the order they arrived.</summary>
    public ConcurrentQueue<TakenRequest> Taken { get; } = new();

    /// <summary>The token we gave the partner in the handshake, with which it calls us.</summary>
    public string? OurToken => _peer.TheirToken;

    /// <summary>Every request that reached a receiver (taken or not).</summary>
    public int Calls => _calls;

    private int _calls;

    public static (int, JsonObject) Accepted() => (200, Envelope(1000, null));

    public static JsonObject Envelope(int statusCode, string? message, JsonNode? data = null) => OcpiPeer.Envelope(statusCode, message, data);

    /// <summary>Starts the partner as the eMSP NL*<paramref name="partyId"/>.</summary>
    public static async Task<FlakyPartner> Start(string partyId = "MSP")
    {
        var partner = new FlakyPartner(partyId);
        await partner.ComeBack();
        return partner;
    }

    public Task GoDown() => _peer.GoDown();

    public Task ComeBack() => _peer.ComeBack();

    private void MapReceivers(WebApplication app) =>
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

    public async ValueTask DisposeAsync() => await _peer.DisposeAsync();
}
