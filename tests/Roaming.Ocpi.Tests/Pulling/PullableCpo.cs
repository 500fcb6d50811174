using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Roaming.Ocpi.Tests.Peers;

namespace Roaming.Ocpi.Tests.Pulling;

/// <summary>
/// A CPO's OCPI platform (BE*BEC, the party of the spec's examples) on a loopback port (<see cref="OcpiPeer"/>: written by
/// hand after the spec), reduced to what pulling needs: the handshake (versions, version details, credentials)
/// and the locations and cdrs SENDER interfaces, which answer their whole list in one page (date_from is ignored, as a
/// lax peer does, so a pull reads every CDR again). It can also push a CDR to the eMSP it registered with.
/// </summary>
public sealed class PullableCpo : IAsyncDisposable
{
    public const string TokenA = "pullable-cpo-token-a";

    private readonly OcpiPeer _peer;

    private PullableCpo() => _peer = new OcpiPeer(MapSenders)
    {
        Endpoints = [("credentials", "SENDER", "credentials"), ("locations", "SENDER", "cpo/locations"), ("cdrs", "SENDER", "cpo/cdrs")],
        Credentials = new PeerCredentials("pullable-cpo-token-c", "CPO", "BE*BEC", "Pullable CPO"),
    };

    public string Url => _peer.Url;
    public string VersionsUrl => _peer.VersionsUrl;

    /// <summary>What the cdrs sender lists, in order.</summary>
    public List<JsonObject> Cdrs { get; } = [];

    /// <summary>What the locations sender lists.</summary>
    public List<JsonObject> Locations { get; } = [];

    /// <summary>The token the eMSP gave us in the handshake, with which we call it.</summary>
    public string? TheirToken => _peer.TheirToken;

    public static async Task<PullableCpo> Start()
    {
        var cpo = new PullableCpo();
        await cpo._peer.ComeBack();
        return cpo;
    }

    private void MapSenders(WebApplication app)
    {
        app.MapGet("/ocpi/2.2.1/cpo/locations", (HttpResponse response) => List(response, Locations));
        app.MapGet("/ocpi/2.2.1/cpo/cdrs", (HttpResponse response) => List(response, Cdrs));
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
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", OcpiPeer.Authorization(TheirToken!));
        return client;
    }

    /// <summary>The eMSP's cdrs receiver, from its versions and version details.</summary>
    private async Task<string> TheirCdrsReceiver(HttpClient client)
    {
        var versions = JsonNode.Parse(await client.GetStringAsync(_peer.TheirVersionsUrl))!["data"]!.AsArray();
        var details = JsonNode.Parse(await client.GetStringAsync(versions.Single(v => v!["version"]!.GetValue<string>() == "2.2.1")!["url"]!.GetValue<string>()))!;
        return details["data"]!["endpoints"]!.AsArray()
            .Single(e => e!["identifier"]!.GetValue<string>() == "cdrs" && e["role"]!.GetValue<string>() == "RECEIVER")!["url"]!.GetValue<string>();
    }

    private static IResult List(HttpResponse response, List<JsonObject> items)
    {
        response.Headers["X-Total-Count"] = items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Limit"] = "100";
        return Results.Json(OcpiPeer.Envelope(1000, "Success", new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray())));
    }

    public async ValueTask DisposeAsync() => await _peer.DisposeAsync();
}
