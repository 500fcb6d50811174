using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using Roaming.Ingest.ChargePoints.Registering;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>
/// The charger's state snapshot is not rewritten for every meter reading; what a reading changed is folded from the
/// recorded facts when the state is read. After kill -9 the readings acknowledged before the crash must still decide:
/// the sweep closes at the last acknowledged reading, and a 2.0.1 seqNo seen before the crash is a duplicate after it.
/// </summary>
public sealed class ChargerStateAfterCrashTests : IAsyncLifetime
{
    private const string AdminKey = "ingest-crash-admin";
    private string _database = null!;

    public async Task InitializeAsync() => _database = await TestServers.FreshDatabase("ingest_it_crash_state");

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Reading(int wh) => new[]
    {
        new { timestamp = DateTimeOffset.UtcNow, sampledValue = new[] { new { value = wh.ToString(), measurand = "Energy.Active.Import.Register", unit = "Wh" } } },
    };

    /// <summary>2.0.1: the value is a number, the unit part of unitOfMeasure.</summary>
    private static object Reading201(int wh) => new[]
    {
        new { timestamp = DateTimeOffset.UtcNow, sampledValue = new[] { new { value = wh, measurand = "Energy.Active.Import.Register" } } },
    };

    private static object Updated(int seqNo, int wh) => new
    {
        eventType = "Updated", timestamp = DateTimeOffset.UtcNow, triggerReason = "MeterValuePeriodic", seqNo,
        transactionInfo = new { transactionId = "tx-crash" }, meterValue = Reading201(wh),
    };

    [Fact]
    public async Task GivenReadingsNotInTheSnapshot_WhenKilledAndRestarted_ThenTheSweepClosesAtTheLastReadingAndSeenSeqNosStayDuplicates()
    {
        int transactionId;
        await using (var first = await Roaming.Start(_database))
        {
            await first.Register("CPCRASH");
            await first.Register("CSCRASH");
            await using var charger = await TestCharger.Connect(first.WebSocketUrl, "CPCRASH", IngestHost.Password);
            transactionId = (await charger.Call("StartTransaction", new { connectorId = 1, idTag = "TOKEN123", meterStart = 1000, timestamp = DateTimeOffset.UtcNow }))[2]!["transactionId"]!.GetValue<int>();
            foreach (var wh in new[] { 1500, 2500, 4000 })
                (await charger.Call("MeterValues", new { connectorId = 1, transactionId, meterValue = Reading(wh) }))[0]!.GetValue<int>().ShouldBe(3);

            await using var station = await TestCharger.Connect(first.WebSocketUrl, "CSCRASH", IngestHost.Password, "ocpp2.0.1");
            (await station.Call("TransactionEvent", new
            {
                eventType = "Started", timestamp = DateTimeOffset.UtcNow, triggerReason = "Authorized", seqNo = 0,
                transactionInfo = new { transactionId = "tx-crash" }, evse = new { id = 1, connectorId = 1 },
                idToken = new { idToken = "TOKEN123", type = "ISO14443" }, meterValue = Reading201(1000),
            }))[0]!.GetValue<int>().ShouldBe(3);
            foreach (var (seqNo, wh) in new[] { (1, 2000), (2, 3000) })
                (await station.Call("TransactionEvent", Updated(seqNo, wh)))[0]!.GetValue<int>().ShouldBe(3);

            // the readings were acknowledged, so they are recorded, but the stored snapshots do not contain them yet
            (await Scalar<decimal>("select (data -> 'openTransactions' -> @tx ->> 'lastMeterWh')::numeric from ingest.mt_doc_chargepoint_state where id = 'CPCRASH'",
                ("tx", transactionId.ToString()))).ShouldBe(1000m);
            (await Scalar<int>("select (data -> 'openTransactions' -> 'tx-crash' ->> 'lastSeqNo')::int from ingest.mt_doc_chargepoint_state where id = 'CSCRASH'"))
                .ShouldBe(0);
            first.KillHard();
        }

        await using var second = await Roaming.Start(_database);
        await using (var station = await TestCharger.Connect(second.WebSocketUrl, "CSCRASH", IngestHost.Password, "ocpp2.0.1"))
            (await station.Call("TransactionEvent", Updated(2, 3000)))[0]!.GetValue<int>().ShouldBe(3);
        (await Scalar<long>("select count(*) from ingest.mt_events where stream_id = 'CSCRASH' and type = 'meter_values_sampled'"))
            .ShouldBe(3, "the Started reading and seqNos 1 and 2, not seqNo 2 again");

        await IngestHost.Eventually(async () => await Scalar<long>("select count(*) from ingest.mt_events where stream_id = 'CPCRASH' and type = 'transaction_stopped'") > 0,
            TimeSpan.FromSeconds(30), "CPCRASH's transaction swept\n" + second.Output);
        (await Scalar<decimal>("select (data ->> 'meterStopWh')::numeric from ingest.mt_events where stream_id = 'CPCRASH' and type = 'transaction_stopped'"))
            .ShouldBe(4000m);
        (await Scalar<bool>("select (data ->> 'closedBySweep')::boolean from ingest.mt_events where stream_id = 'CPCRASH' and type = 'transaction_stopped'"))
            .ShouldBeTrue();
    }

    private async Task<T> Scalar<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary><c>roaming run --services ingest</c> as its own process, so the test can kill it with SIGKILL.</summary>
    private sealed class Roaming : IAsyncDisposable
    {
        private readonly ChildProcess _process;
        private readonly HttpClient _api;

        private Roaming(ChildProcess process, string url)
        {
            _process = process;
            WebSocketUrl = url.Replace("http", "ws") + "/ocpp";
            _api = new HttpClient { BaseAddress = new Uri(url) };
            _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        }

        public string WebSocketUrl { get; }
        public string Output => _process.Output;

        public static async Task<Roaming> Start(string database)
        {
            var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
            var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
            var dll = Path.Combine(TestServers.RepositoryRoot, "services", "Roaming.Host", "bin", configuration, "net10.0", "roaming.dll");
            if (!File.Exists(dll))
                throw new InvalidOperationException($"{dll} is missing: build services/Roaming.Host (or the solution) first.");
            var process = ChildProcess.Start("dotnet", [dll, "run", "--services", "ingest", "--urls", url], new Dictionary<string, string>
            {
                ["ROAMING_POSTGRES"] = database, ["ROAMING_ADMIN_KEY"] = AdminKey, ["ROAMING_PARTY"] = "NL*TNM",
                // long enough that nothing is swept before the kill, short enough to be swept soon after the restart
                ["Roaming__Ingest__StaleTransactionAfter"] = "00:00:08", ["Roaming__Ingest__StaleTransactionSweepInterval"] = "00:00:01",
            });
            var roaming = new Roaming(process, url);
            await process.WaitUntilReady(url, TimeSpan.FromSeconds(90));
            return roaming;
        }

        public async Task Register(string chargePointId) =>
            (await _api.PutAsJsonAsync($"/api/charge-points/{chargePointId}", new RegisterChargePointRequest(IngestHost.Password,
                [new ConnectorMappingRequest(1, 1, "LOC1", "LOC1-E1", "1")]))).EnsureSuccessStatusCode();

        public void KillHard() => _process.KillHard();

        public async ValueTask DisposeAsync()
        {
            _api.Dispose();
            await _process.DisposeAsync();
        }
    }
}
