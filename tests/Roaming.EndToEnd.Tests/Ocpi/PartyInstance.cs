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
    private readonly RoamingProcess _roaming;

    private PartyInstance(RoamingProcess roaming, string party)
    {
        _roaming = roaming;
        Party = party;
    }

    public string Url => _roaming.Url;
    public string Party { get; }
    public string CountryCode => Party.Split('*')[0];
    public string PartyId => Party.Split('*')[1];
    public string WebSocketUrl => _roaming.WebSocketUrl;
    public HttpClient Api => _roaming.Api;
    public string Output => _roaming.Output;

    public static Task<PartyInstance> Start(string databaseName, string party) => Start(databaseName, party, new Dictionary<string, string>());

    /// <summary>With more settings (environment variables) and <c>roaming run</c> arguments (e.g. <c>--services clearing,ochp</c>).</summary>
    public static async Task<PartyInstance> Start(string databaseName, string party, IDictionary<string, string> environment, params string[] arguments)
    {
        // FreshDatabase suffixes the name per checkout; the database is dropped again on dispose.
        var roaming = await RoamingProcess.Start(databaseName, new Dictionary<string, string>(environment) { ["ROAMING_PARTY"] = party }, arguments);
        return new PartyInstance(roaming, party);
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
        var deadline = Patience.DeadlineAfter(timeout);
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

    /// <summary>Polls a count straight from this party's database until it reaches <paramref name="expected"/>.</summary>
    public Task WaitForCount(string sql, long expected, TimeSpan timeout) => _roaming.WaitForCount(sql, expected, timeout);

    public async ValueTask DisposeAsync()
    {
        await _roaming.DisposeAsync();
        await TestServers.DropDatabase(_roaming.Database);
    }
}
