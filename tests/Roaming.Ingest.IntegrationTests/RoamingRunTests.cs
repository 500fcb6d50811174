using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>
/// The real <c>roaming run</c> (every service, in-process bus): the same session driven once over OCPP 1.6 and once
/// over 2.0.1 on the same connector yields the same CDR. Ingest translates 2.0.1 into the facts 1.6 produces, so
/// Charging cannot tell them apart.
/// </summary>
public sealed class RoamingRunTests : IAsyncLifetime
{
    private const string AdminKey = "ingest-run-admin";
    private const string ChargePoint = "CP-BOTH";
    private const string Token = "RUN-TOKEN-1";
    private ChildProcess _roaming = null!;
    private string _url = null!;
    private string _database = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _database = await TestServers.FreshDatabase("ingest_it_roaming_run");
        _url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        // Not a project reference: building this project must not need every other service to compile. The solution
        // build (and the end-to-end project) builds the host.
        var dll = Path.Combine(TestServers.RepositoryRoot, "services", "Roaming.Host", "bin", configuration, "net10.0", "roaming.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: build services/Roaming.Host (or the solution) first.");
        _roaming = ChildProcess.Start("dotnet", [dll, "run", "--urls", _url], new Dictionary<string, string>
        {
            ["ROAMING_POSTGRES"] = _database, ["ROAMING_ADMIN_KEY"] = AdminKey, ["ROAMING_PARTY"] = "NL*TNM",
        });
        _api = new HttpClient { BaseAddress = new Uri(_url) };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        await _roaming.WaitUntilReady(_url, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _roaming.DisposeAsync();
    }

    [Fact]
    public async Task GivenTheSameSessionOverOcpp16AndOcpp201_WhenPriced_ThenTheCdrsAreTheSame()
    {
        await Seed();
        string[] session = ["--url", $"{_url.Replace("http", "ws")}/ocpp", "--id", ChargePoint, "--password", IngestHost.Password,
            "--idtag", Token, "--meter-start", "1000", "--samples", "3", "--step-wh", "2500", "--interval-s", "600"];
        var folder = Path.Combine(TestServers.RepositoryRoot, "tests", "ocpp-client");
        foreach (var (protocol, start) in new[] { ("ocpp1.6", "2026-11-20T10:00:00Z"), ("ocpp2.0.1", "2026-11-21T10:00:00Z") })
        {
            await using var node = ChildProcess.Start("node", ["driver.js", .. session, "--protocol", protocol, "--start-time", start], workingDirectory: folder);
            (await node.WaitForExit(TimeSpan.FromSeconds(60))).ShouldBe(0, node.Output);
        }

        await WaitForCount("select count(*) from charging.mt_doc_issuedcdr", 2);
        var cdrs = JsonNode.Parse(await _api.GetStringAsync("/api/cdrs"))!.AsArray()
            .Select(c => c!.AsObject()).OrderBy(c => c["start_date_time"]!.GetValue<string>()).ToList();
        var (v16, v201) = (Comparable(cdrs[0]), Comparable(cdrs[1]));

        v201.ToJsonString().ShouldBe(v16.ToJsonString());
        cdrs[1]["total_energy"]!.GetValue<decimal>().ShouldBe(7.5m);
    }

    /// <summary>A CDR without what must differ: ids, and the day (the two sessions ran on consecutive days).</summary>
    private static JsonObject Comparable(JsonObject cdr)
    {
        var copy = JsonNode.Parse(cdr.ToJsonString())!.AsObject();
        foreach (var name in new[] { "id", "session_id", "last_updated", "authorization_reference" })
            copy.Remove(name);
        return JsonNode.Parse(copy.ToJsonString().Replace("2026-11-21", "2026-11-20"))!.AsObject();
    }

    private async Task Seed()
    {
        await Put("/api/tariffs/TARIFF-1", """
            {"country_code":"NL","party_id":"TNM","id":"TARIFF-1","currency":"EUR","last_updated":"2026-01-01T00:00:00Z",
             "elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":21.0,"step_size":1},
                                              {"type":"ENERGY","price":0.30,"vat":21.0,"step_size":1},
                                              {"type":"PARKING_TIME","price":2.00,"vat":21.0,"step_size":60}]}]}
            """);
        await Put("/api/locations/LOC1", """
            {"country_code":"NL","party_id":"TNM","id":"LOC1","publish":true,"name":"Both versions","address":"Stationsplein 1",
             "city":"Amsterdam","postal_code":"1012AB","country":"NLD","coordinates":{"latitude":"52.378900","longitude":"4.900500"},
             "time_zone":"Europe/Amsterdam","last_updated":"2026-01-01T00:00:00Z",
             "evses":[{"uid":"LOC1-E1","evse_id":"NL*TNM*E0001","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                              "max_amperage":32,"tariff_ids":["TARIFF-1"],"last_updated":"2026-01-01T00:00:00Z"}]}]}
            """);
        await Put($"/api/charge-points/{ChargePoint}", $$"""
            {"password":"{{IngestHost.Password}}","connectors":[{"ocpp_evse_id":1,"ocpp_connector_id":1,"location_id":"LOC1","evse_uid":"LOC1-E1","connector_id":"1"}]}
            """);
        await Put($"/api/tokens/{Token}", $$"""
            {"country_code":"NL","party_id":"TNM","uid":"{{Token}}","type":"RFID","contract_id":"NL-TNM-C00000042-X",
             "issuer":"Ingest tests","valid":true,"whitelist":"ALLOWED","last_updated":"2026-01-01T00:00:00Z"}
            """);
        await WaitForCount("select count(*) from ingest.mt_doc_knowntoken", 1);
        await WaitForCount("select count(*) from charging.mt_doc_locationsnapshot", 1);
    }

    private async Task Put(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await _api.PutAsync(path, content);
        response.IsSuccessStatusCode.ShouldBeTrue($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private Task WaitForCount(string sql, long expected) => IngestHost.Eventually(async () =>
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())! >= expected;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }, TimeSpan.FromSeconds(45), $"{sql} reaches {expected}\n{_roaming.Output}");
}
