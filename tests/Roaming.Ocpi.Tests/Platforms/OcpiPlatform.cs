using System.Net.Http.Headers;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Testing;

namespace Roaming.Ocpi.Tests.Platforms;

/// <summary>One platform with only the ocpi module, on a free loopback port and its own database; two of them talk real HTTP.</summary>
public sealed class OcpiPlatform : IAsyncDisposable
{
    public const string AdminKey = "ocpi-test-admin";

    private readonly WebApplication _app;

    private readonly string _party;
    private readonly string[] _settings;
    private readonly NodaTime.IClock? _clock;

    private OcpiPlatform(WebApplication app, string url, string connection, string party, string[] settings, NodaTime.IClock? clock)
    {
        _app = app;
        _party = party;
        _settings = settings;
        _clock = clock;
        Connection = connection;
        Url = url;
        Api = new HttpClient { BaseAddress = new Uri(url) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public string Url { get; }
    public string Connection { get; }
    public HttpClient Api { get; }
    public IOcpiStore Store => _app.Services.GetRequiredService<IOcpiStore>();
    public IIntegrationBus Bus => _app.Services.GetRequiredService<IIntegrationBus>();
    public Roaming.Platform.Sealing.Shredding.SubjectKeyVault Vault => _app.Services.GetRequiredService<Roaming.Platform.Sealing.Shredding.SubjectKeyVault>();
    public Roaming.Ocpi.Objects.HolderFields Holders => _app.Services.GetRequiredService<Roaming.Ocpi.Objects.HolderFields>();

    /// <summary>Starts on a fresh database; <paramref name="settings"/> are command-line settings (<c>--Roaming:Ocpi:X=value</c>).</summary>
    public static async Task<OcpiPlatform> Start(string database, string party, params string[] settings) =>
        await Launch(await TestServers.FreshDatabase(database), $"http://127.0.0.1:{TestServers.FreeTcpPort()}", party, settings, null);

    /// <summary>The same, with every service reading <paramref name="clock"/> (virtual time) instead of the system clock.</summary>
    public static async Task<OcpiPlatform> Start(string database, string party, NodaTime.IClock clock, params string[] settings) =>
        await Launch(await TestServers.FreshDatabase(database), $"http://127.0.0.1:{TestServers.FreeTcpPort()}", party, settings, clock);

    /// <summary>Stops this platform, keeping its database, and starts a new one on it at the same address (a process restart).</summary>
    public async Task<OcpiPlatform> Restart()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        return await Launch(Connection, Url, _party, _settings, _clock);
    }

    private static async Task<OcpiPlatform> Launch(string connection, string url, string party, string[] settings, NodaTime.IClock? clock)
    {
        IReadOnlyList<IRoamingModule> modules = [new OcpiModule()];
        var builder = RoamingApplication.CreateBuilder(settings, modules, options =>
        {
            options.Postgres = connection;
            options.AdminKey = AdminKey;
            options.Party = party;
        });
        builder.WebHost.UseUrls(url);
        if (clock is not null)
            builder.Services.AddSingleton(clock);
        var app = RoamingApplication.Build(builder, modules);
        await app.StartAsync();
        return new OcpiPlatform(app, url, connection, party, settings, clock);
    }

    /// <summary>A client that calls this platform's OCPI endpoints with a credentials token.</summary>
    public HttpClient Ocpi(string token, bool base64 = true)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", AuthorizationToken.Header(token, base64));
        return client;
    }

    /// <summary>The token this platform presents to its (only) registered partner, opened with its vault (it is stored sealed).</summary>
    public async Task<string> OnlyPartnerToken() =>
        _app.Services.GetRequiredService<TokenVault>().Open((await OnlyPartner()).TheirToken!);

    public async Task<Partner> OnlyPartner()
    {
        await using var session = Store.QuerySession();
        return (await session.Query<Partner>().ToListAsync()).Single();
    }

    /// <summary>Every row of every table of this platform's database whose text contains <paramref name="text"/>, as "schema.table".</summary>
    public async Task<IReadOnlyList<string>> TablesContaining(string text)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Connection);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        var containing = new List<string>();
        foreach (var table in tables)
        {
            await using var count = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM {table} AS r WHERE r::text LIKE '%' || @text || '%'", connection);
            count.Parameters.AddWithValue("text", text);
            if ((long)(await count.ExecuteScalarAsync())! > 0)
                containing.Add(table);
        }
        return containing;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestServers.DropDatabase(Connection);
    }
}
