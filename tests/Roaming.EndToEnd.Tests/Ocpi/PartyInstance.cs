using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Roaming.Testing;
using Shouldly;

namespace Roaming.EndToEnd.Tests.Ocpi;

/// <summary>
/// The real <c>roaming run</c> as one party (ROAMING_PARTY), on a free loopback port and its own database, so two of
/// them can roam with each other over OCPI like two companies would.
/// </summary>
public sealed class PartyInstance : IAsyncDisposable
{
    public const string AdminKey = "e2e-ocpi-admin-key";

    private readonly ChildProcess _process;

    private readonly string _databaseName;

    private PartyInstance(ChildProcess process, string url, string party, string databaseName)
    {
        _process = process;
        _databaseName = databaseName;
        Url = url;
        Party = party;
        Api = new HttpClient { BaseAddress = new Uri(url) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public string Url { get; }
    public string Party { get; }
    public string CountryCode => Party.Split('*')[0];
    public string PartyId => Party.Split('*')[1];
    public string WebSocketUrl => Url.Replace("http://", "ws://");
    public HttpClient Api { get; }
    public string Output => _process.Output;

    public static async Task<PartyInstance> Start(string databaseName, string party)
    {
        // A suffix per run: engineers run the same test concurrently against the one shared server, and a fixed name
        // would let one run drop the other's database. The database is dropped again on dispose.
        databaseName = $"{databaseName}_{Guid.NewGuid().ToString("N")[..8]}";
        var database = await TestServers.FreshDatabase(databaseName);
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(TestServers.RepositoryRoot, "services", "Roaming.Host", "bin", configuration, "net10.0", "roaming.dll");
        var process = ChildProcess.Start("dotnet", [dll, "run", "--urls", url], new Dictionary<string, string>
        {
            ["ROAMING_POSTGRES"] = database,
            ["ROAMING_ADMIN_KEY"] = AdminKey,
            ["ROAMING_PARTY"] = party,
        });
        var instance = new PartyInstance(process, url, party, databaseName);
        await instance.WaitUntilReady();
        return instance;
    }

    private async Task WaitUntilReady()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException("roaming exited: " + _process.Output);
            try
            {
                if ((await http.GetAsync($"{Url}/health/ready")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("roaming not ready: " + _process.Output);
    }

    public async Task Put(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await Api.PutAsync(path, content);
        response.IsSuccessStatusCode.ShouldBeTrue($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonNode> Post(string path, object body)
    {
        var response = await Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path}: {(int)response.StatusCode} {text}\n{Output}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Polls an operator GET until <paramref name="condition"/> holds (consumers and pushes are asynchronous).</summary>
    public async Task<JsonNode> WaitFor(string path, Func<JsonNode, bool> condition, TimeSpan timeout, string? why = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await Api.GetAsync(path);
            if (response.IsSuccessStatusCode)
            {
                last = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                if (last is not null && condition(last))
                    return last;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Party} GET {path} never matched ({why}); last: {last?.ToJsonString()}\nOutput:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _process.DisposeAsync();
        try
        {
            var admin = new Npgsql.NpgsqlConnectionStringBuilder(TestServers.PostgresServer) { Database = "postgres", Pooling = false };
            await using var connection = new Npgsql.NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (Npgsql.NpgsqlException)
        {
            // Best effort: a leftover database is harmless and has a unique name.
        }
    }
}
