using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Clearing;
using Roaming.Ocpi.Hub;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Roaming.Platform.Hosting;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub.Data;

/// <summary>The hub's answer to one call: HTTP status, the OCPI envelope, the response headers.</summary>
public sealed record HubAnswer(int HttpStatus, JsonObject Envelope, IHeaderDictionary Headers)
{
    public int StatusCode => Envelope["status_code"]!.GetValue<int>();
    public string? Message => Envelope["status_message"]?.GetValue<string>();
}

/// <summary>
/// The clearing house as one host: the clearing and OCPI modules on a free loopback port, a fresh PostgreSQL database, the
/// in-process bus and the delivery worker with short retries. Participants and connections go through Clearing's
/// operator API (the OCPI service learns them from its messages); participants' platforms are hub partners whose
/// receivers are <see cref="ParticipantPlatform"/>s. Until the hub gate is on main, calls go to <see cref="IHubData"/> as the gate resolves them.
/// </summary>
public sealed class HubDataHost : IAsyncLifetime
{
    public const string AdminKey = "hub-data-test-admin";
    public const string HubParty = "NL*HUB";

    /// <summary>Test classes run in parallel, each with a host of its own: one database each (numbered, so a rerun drops its leftovers).</summary>
    private static int _hosts;

    private WebApplication _app = null!;
    private string _connection = null!;
    private readonly IClock? _clock;
    private readonly string[] _settings = ["--Roaming:Ocpi:DeliveryFirstRetryAfter=00:00:00.200", "--Roaming:Ocpi:DeliveryMaxRetryInterval=00:00:00.500"];

    public HubDataHost()
    {
    }

    /// <summary>A host whose services all read <paramref name="clock"/> (virtual time), with <paramref name="settings"/> instead of the short retries.</summary>
    internal HubDataHost(IClock clock, params string[] settings)
    {
        _clock = clock;
        _settings = settings;
    }

    public HttpClient Api { get; private set; } = null!;
    public string Url { get; private set; } = null!;
    public IOcpiStore Store => _app.Services.GetRequiredService<IOcpiStore>();
    public IServiceProvider Services => _app.Services;

    public async Task InitializeAsync()
    {
        _connection = await TestServers.FreshDatabase($"ocpi_hub_data_tests_{Interlocked.Increment(ref _hosts)}");
        Url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        IReadOnlyList<IRoamingModule> modules = [new ClearingModule(), new OcpiModule()];
        var builder = RoamingApplication.CreateBuilder(_settings, modules, options =>
            {
                options.Postgres = _connection;
                options.AdminKey = AdminKey;
                options.Party = HubParty;
            });
        builder.WebHost.UseUrls(Url);
        if (_clock is not null)
            builder.Services.AddSingleton(_clock);
        _app = RoamingApplication.Build(builder, modules);
        await _app.StartAsync();
        Api = new HttpClient { BaseAddress = new Uri(Url) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public async Task Participant(string id, string[] operatorIds, string[] providerIds) =>
        (await Api.PutAsJsonAsync($"/api/clearing/participants/{id}", new { name = id, operator_ids = operatorIds, provider_ids = providerIds }))
        .EnsureSuccessStatusCode();

    /// <summary>Starts a roaming connection in Clearing and waits until the hub's directory has it and both participants.</summary>
    public async Task Connect(string operatorId, string providerId)
    {
        (await Api.PutAsJsonAsync($"/api/clearing/connections/{operatorId}/{providerId}", new { })).EnsureSuccessStatusCode();
        await Eventually(async () =>
        {
            await using var session = Store.QuerySession();
            return (await session.LoadAsync<HubConnection>(HubConnection.IdOf(operatorId, providerId)))?.Active == true;
        }, $"the hub learns the connection {operatorId} - {providerId}");
    }

    public async Task WaitForParticipant(string id) => await Eventually(async () =>
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<HubParticipant>(id) is not null;
    }, $"the hub learns participant {id}");

    /// <summary>
    /// A participant's platform registered with the hub (what the credentials handshake leaves behind): one party in one
    /// role, the receivers of <paramref name="platform"/>.
    /// </summary>
    public async Task<Partner> Platform(string partnerId, string participantId, string role, string party, ParticipantPlatform platform)
    {
        await WaitForParticipant(participantId);
        var (cc, pid) = PartyText.Parse(party)!.Value;
        var now = SystemClock.Instance.GetCurrentInstant();
        var vault = _app.Services.GetRequiredService<TokenVault>();
        var partner = new Partner(partnerId, partnerId, PartnerStatus.Registered, $"hash-{partnerId}", null, vault.Seal($"token-c-{partnerId}"), true,
            platform.Url + "/ocpi/versions",
            [.. new[] { "locations", "tokens", "tariffs", "cdrs" }.Select(module => new Roaming.Ocpi.Partners.Endpoint(module, InterfaceRoles.Receiver, $"{platform.Module}/{module}"))],
            [new CredentialsRole(role, new BusinessDetails(partnerId), pid, cc)], now, now, null, participantId);
        await using var session = Store.LightweightSession();
        session.Store(partner);
        await session.SaveChangesAsync();
        return partner;
    }

    /// <summary>A call as the hub gate hands it to <see cref="IHubData"/>, answered and written like an HTTP response.</summary>
    public async Task<HubAnswer> Call(HubCall call, JsonNode? body = null, string query = "")
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Scheme = "http";
        http.Request.Host = new HostString(new Uri(Url).Authority);
        http.Request.Path = $"/ocpi/hub/2.2.1/{call.InterfaceRole.ToLowerInvariant()}/{call.Module}";
        http.Request.QueryString = new QueryString(query);
        http.Response.Body = new MemoryStream();
        var hub = scope.ServiceProvider.GetRequiredService<IHubData>();
        var result = call.Method == "GET"
            ? await hub.ReadAsync(call, http)
            : await hub.ReceiveAsync(call, JsonDocument.Parse(body!.ToJsonString()).RootElement, http);
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        var envelope = (await JsonNode.ParseAsync(http.Response.Body))!.AsObject();
        return new HubAnswer(http.Response.StatusCode, envelope, http.Response.Headers);
    }

    public static HubCall Push(Partner platform, string participantId, string module, string method, IReadOnlyList<string> path, string? to = null,
        string query = "") =>
        new(platform, participantId, From(platform), to is null ? null : Party(to), module, "RECEIVER", method, path, new QueryString(query),
            Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

    public static HubCall Get(Partner platform, string participantId, string module, string query = "", string interfaceRole = "SENDER",
        IReadOnlyList<string>? path = null) =>
        new(platform, participantId, From(platform), Party(HubParty), module, interfaceRole, "GET", path ?? [], new QueryString(query),
            Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

    private static OcpiParty From(Partner platform) => OcpiParty.Of(platform.Roles[0].CountryCode, platform.Roles[0].PartyId);

    private static OcpiParty Party(string text) => PartyText.Parse(text) is { } p ? OcpiParty.Of(p.CountryCode, p.PartyId) : throw new ArgumentException(text);

    public async Task<IReadOnlyList<Delivery>> Deliveries(string partnerId)
    {
        await using var session = Store.QuerySession();
        return await session.Query<Delivery>().Where(d => d.PartnerId == partnerId).ToListAsync();
    }

    /// <summary>The deliveries queued for the platform at <paramref name="baseUrl"/> (its receivers are below it).</summary>
    public async Task<IReadOnlyList<Delivery>> DeliveriesTo(string baseUrl)
    {
        await using var session = Store.QuerySession();
        return await session.Query<Delivery>().Where(d => d.Url.StartsWith(baseUrl)).ToListAsync();
    }

    public async Task<JsonElement> Json(string path)
    {
        var response = await Api.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls for a positive signal (never for an absence) until it holds or the time is up.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var until = Patience.DeadlineAfter(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
                throw new ShouldAssertException($"Timed out waiting until {what}");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestServers.DropDatabase(_connection);
    }
}
