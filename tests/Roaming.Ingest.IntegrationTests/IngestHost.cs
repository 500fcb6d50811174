using System.Net.Http.Headers;
using System.Net.Http.Json;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Ingest.ChargePoints.Registering;
using Roaming.Ingest.Connections;
using Roaming.Platform.Hosting;
using Roaming.Testing;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>
/// The ingest module alone in a real Kestrel on a free loopback port, against a fresh database of its own, configured
/// through the same <c>Roaming:*</c> keys an operator would use.
/// </summary>
public sealed class IngestHost : IAsyncDisposable
{
    public const string AdminKey = "ingest-test-admin";
    public const string Password = "a-charger-password-16+";

    private readonly WebApplication _app;

    private IngestHost(WebApplication app, string url, string scheme, string? plainUrl)
    {
        _app = app;
        Url = url;
        WebSocketUrl = url.Replace(scheme, scheme == "https" ? "wss" : "ws") + "/ocpp";
        PlainWebSocketUrl = plainUrl is null ? null : plainUrl.Replace("http", "ws") + "/ocpp";
    }

    /// <summary>With a certificate: the plain ws:// endpoint beside the TLS one (to show it is refused).</summary>
    public string? PlainWebSocketUrl { get; }

    public string Url { get; }
    public string WebSocketUrl { get; }
    public IServiceProvider Services => _app.Services;
    public ConnectionRegistry Connections => Services.GetRequiredService<ConnectionRegistry>();
    public IIngestStore Store => Services.GetRequiredService<IIngestStore>();

    /// <param name="settings">configuration keys, e.g. <c>Roaming:Ingest:MaxFrameBytes</c>.</param>
    /// <param name="httpsCertificate">a PFX path: the OCPP endpoint is then https/wss only (security profile 2).</param>
    /// <param name="node">For several nodes on one database and RabbitMQ: the database's connection string (not recreated), and whether this node runs the daemon (exactly one does).</param>
    public static async Task<IngestHost> Start(string database, IDictionary<string, string>? settings = null, string? httpsCertificate = null,
        (string Connection, bool RunDaemon)? node = null)
    {
        var connection = node?.Connection ?? await TestServers.FreshDatabase(database);
        var port = TestServers.FreeTcpPort();
        var scheme = httpsCertificate is null ? "http" : "https";
        var url = $"{scheme}://127.0.0.1:{port}";
        var args = new List<string>();
        string? plainUrl = null;
        if (httpsCertificate is null)
            args.AddRange(["--urls", url]);
        else
        {
            plainUrl = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
            args.AddRange([$"--Kestrel:Endpoints:Ocpp:Url={url}", $"--Kestrel:Endpoints:Ocpp:Certificate:Path={httpsCertificate}",
                $"--Kestrel:Endpoints:Ocpp:Certificate:Password={CertificateFiles.Password}", $"--Kestrel:Endpoints:Plain:Url={plainUrl}"]);
        }
        args.Add("--Logging:LogLevel:Default=Warning");
        args.AddRange((settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}"));

        IRoamingModule[] modules = [new IngestModule()];
        var builder = RoamingApplication.CreateBuilder(args.ToArray(), modules, roaming =>
        {
            roaming.Postgres = connection;
            roaming.AdminKey = AdminKey;
            if (node is { } several)
            {
                roaming.Transport = TransportKind.RabbitMq;
                roaming.RabbitMq = TestServers.RabbitMq;
                roaming.RunDaemon = several.RunDaemon;
            }
        });
        var app = RoamingApplication.Build(builder, modules);
        await app.StartAsync();
        return new IngestHost(app, url, scheme, plainUrl);
    }

    public HttpClient Api()
    {
        var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>Registers a charger with one connector (OCPP EVSE 1 / connector 1 = LOC1 / LOC1-E1 / 1).</summary>
    public async Task Register(string chargePointId)
    {
        using var api = Api();
        var response = await api.PutAsJsonAsync($"/api/charge-points/{chargePointId}", new RegisterChargePointRequest(Password,
            [new ConnectorMappingRequest(1, 1, "LOC1", "LOC1-E1", "1")]));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Ingest's local copy of an accepted token, as OnTokenChanged would store it.</summary>
    public async Task KnowToken(string uid)
    {
        await using var session = Store.LightweightSession();
        session.Store(new Roaming.Ingest.Authorizing.KnownToken(uid, "NL", "TNM", "NL-TNM-C12345678-X", "Accepted", NodaTime.SystemClock.Instance.GetCurrentInstant()));
        await session.SaveChangesAsync();
    }

    public async Task<IReadOnlyList<object>> Facts(string streamId)
    {
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(streamId);
        return events.Select(e => e.Data).ToList();
    }

    public async Task<IReadOnlyList<IEvent>> Events(string streamId)
    {
        await using var session = Store.QuerySession();
        return await session.Events.FetchStreamAsync(streamId);
    }

    /// <summary>Polls until <paramref name="condition"/> holds (connections close and register asynchronously).</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Patience.DeadlineAfter(timeout);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within {Patience.For(timeout)}: {what}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
