using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Roaming.Testing;

namespace Roaming.Ocpi.Tests.Peers;

/// <summary>The credentials a peer answers the registering platform with (<c>POST credentials</c>): token C and one role.</summary>
public sealed record PeerCredentials(string Token, string Role, string Party, string Name);

/// <summary>
/// The plumbing every hand-written OCPI 2.2.1 platform of these tests shares, written after the spec rather than with our
/// OCPI code (so our code is tested against an independent reading): a loopback port, versions and version details with the
/// endpoints it is given (paths below <see cref="VersionUrl"/>), optionally the credentials a platform registering with it
/// gets, optionally a token check on every request, and closing the port (connection refused) and opening it again. What
/// each peer serves on its module interfaces is its own (<c>routes</c>). The end-to-end tests' plain platform stays apart.
/// </summary>
public sealed class OcpiPeer : IAsyncDisposable
{
    public const string Version = "2.2.1";
    private readonly int _port = TestServers.FreeTcpPort();
    private readonly Action<WebApplication> _routes;
    private WebApplication? _app;

    /// <param name="routes">Maps the peer's own interfaces; called each time the port opens.</param>
    public OcpiPeer(Action<WebApplication> routes) => _routes = routes;

    public string Url => $"http://127.0.0.1:{_port}";
    public string VersionsUrl => Url + "/ocpi/versions";
    public string VersionUrl => Url + "/ocpi/" + Version;

    /// <summary>The version details' endpoints: identifier, role and the path below <see cref="VersionUrl"/>.</summary>
    public IReadOnlyList<(string Identifier, string Role, string Path)> Endpoints { get; init; } = [];

    /// <summary>When set, <c>POST credentials</c> is answered with these and records what the registering platform sent.</summary>
    public PeerCredentials? Credentials { get; init; }

    /// <summary>When set, every request must carry <c>Authorization: Token base64(this)</c>; others get 401 + 2000.</summary>
    public string? OnlyToken { get; init; }

    /// <summary>The token the platform that registered with this peer gave it (its credentials token), to call that platform with.</summary>
    public string? TheirToken { get; private set; }

    /// <summary>The versions URL the platform that registered with this peer gave it.</summary>
    public string? TheirVersionsUrl { get; private set; }

    public static JsonObject Envelope(int statusCode, string? message, JsonNode? data = null, string timestamp = "2026-12-01T10:00:00Z") => new()
    {
        ["data"] = data, ["status_code"] = statusCode, ["status_message"] = message, ["timestamp"] = timestamp,
    };

    public static JsonObject Endpoint(string identifier, string role, string url) => new() { ["identifier"] = identifier, ["role"] = role, ["url"] = url };

    /// <summary>The header value that carries <paramref name="token"/> as OCPI 2.2.1 encodes it (Base64).</summary>
    public static string Authorization(string token) => "Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token));

    /// <summary>Opens the port (again).</summary>
    public async Task ComeBack()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Url);
        var app = builder.Build();
        if (OnlyToken is { } token)
        {
            var authorized = Authorization(token);
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
        }
        app.MapGet("/ocpi/versions", () => Results.Json(Envelope(1000, null, new JsonArray(new JsonObject { ["version"] = Version, ["url"] = VersionUrl }))));
        app.MapGet("/ocpi/" + Version, () => Results.Json(Envelope(1000, null, new JsonObject
        {
            ["version"] = Version,
            ["endpoints"] = new JsonArray([.. Endpoints.Select(e => (JsonNode)Endpoint(e.Identifier, e.Role, $"{VersionUrl}/{e.Path}"))]),
        })));
        if (Credentials is { } credentials)
            app.MapPost($"/ocpi/{Version}/credentials", async (HttpRequest request) =>
            {
                var theirs = (await JsonNode.ParseAsync(request.Body))!;
                TheirToken = theirs["token"]!.GetValue<string>();
                TheirVersionsUrl = theirs["url"]?.GetValue<string>();
                return Results.Json(Envelope(1000, null, new JsonObject
                {
                    ["token"] = credentials.Token, ["url"] = VersionsUrl,
                    ["roles"] = new JsonArray(new JsonObject
                    {
                        ["role"] = credentials.Role, ["party_id"] = credentials.Party[3..], ["country_code"] = credentials.Party[..2],
                        ["business_details"] = new JsonObject { ["name"] = credentials.Name },
                    }),
                }));
            });
        _routes(app);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Closes the port: callers get connection refused until <see cref="ComeBack"/>.</summary>
    public async Task GoDown()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync() => await GoDown();
}
