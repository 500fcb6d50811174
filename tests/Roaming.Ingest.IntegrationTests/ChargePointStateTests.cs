using System.Net;
using System.Net.Http.Json;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.ChargePoints.Registering;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>
/// The connection writes the charger's state snapshot from the state it holds; the operator's registration lives in its
/// own document. A re-registration made while the charger is connected must survive the connection's later writes.
/// </summary>
public sealed class ChargePointStateTests : IAsyncLifetime
{
    private const string NewPassword = "the-re-registered-password-16+";
    private IngestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await IngestHost.Start("ingest_it_state");
        await _host.KnowToken("TOKEN123");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<ChargePoint?> Stored(string id)
    {
        await using var session = _host.Store.QuerySession();
        return await ChargePointDocuments.Load(session, id, CancellationToken.None);
    }

    private async Task<Guid?> SnapshotVersion(string id)
    {
        await using var session = _host.Store.QuerySession();
        var snapshot = await session.LoadAsync<ChargePoint>(id);
        return snapshot is null ? null : (await session.MetadataForAsync(snapshot))?.CurrentVersion;
    }

    private static object Start(int meterStart) => new { connectorId = 1, idTag = "TOKEN123", meterStart, timestamp = DateTimeOffset.UtcNow };

    [Fact]
    public async Task GivenConnectedCharger_WhenReRegisteredAndItGoesOnCharging_ThenTheNewRegistrationWinsAndItsStateIsKept()
    {
        await _host.Register("CPREREG");
        int firstTransaction;
        await using (var charger = await TestCharger.Connect(_host.WebSocketUrl, "CPREREG", IngestHost.Password))
        {
            firstTransaction = (await charger.Call("StartTransaction", Start(1000)))[2]!["transactionId"]!.GetValue<int>();

            using var api = _host.Api();
            (await api.PutAsJsonAsync("/api/charge-points/CPREREG", new RegisterChargePointRequest(NewPassword,
                [new ConnectorMappingRequest(1, 1, "LOC2", "LOC2-E1", "7")]))).EnsureSuccessStatusCode();

            // facts from the still connected charger: each writes the state snapshot it holds (with the old registration)
            await charger.Call("MeterValues", new { connectorId = 1, transactionId = firstTransaction,
                meterValue = new[] { new { timestamp = DateTimeOffset.UtcNow, sampledValue = new[] { new { value = "1500", measurand = "Energy.Active.Import.Register", unit = "Wh" } } } } });
            (await charger.Call("StopTransaction", new { transactionId = firstTransaction, meterStop = 2000, timestamp = DateTimeOffset.UtcNow }))[0]!
                .GetValue<int>().ShouldBe(3);
        }

        var stored = (await Stored("CPREREG")).ShouldNotBeNull();
        stored.Connectors.ShouldHaveSingleItem().ShouldBe(new ConnectorMapping(1, 1, "LOC2", "LOC2-E1", "7"));
        stored.OpenTransactions.ShouldBeEmpty();
        stored.RecentlyStopped.ShouldBe([firstTransaction.ToString()]);
        (await TestCharger.Refusal(_host.WebSocketUrl, "CPREREG", IngestHost.Password)).ShouldBe(HttpStatusCode.Unauthorized);

        await using var reconnected = await TestCharger.Connect(_host.WebSocketUrl, "CPREREG", NewPassword);
        // the state written by the first connection is what the new one starts from: transaction numbers go on
        (await reconnected.Call("StartTransaction", Start(2000)))[2]!["transactionId"]!.GetValue<int>().ShouldBe(firstTransaction + 1);
    }

    [Fact]
    public async Task GivenConnectedCharger_WhenExchangesDeriveNoFactOrOnlyReadings_ThenItsSnapshotIsNotWrittenButReadsIncludeTheReadings()
    {
        await _host.Register("CPQUIET");
        await using var charger = await TestCharger.Connect(_host.WebSocketUrl, "CPQUIET", IngestHost.Password);
        var transactionId = (await charger.Call("StartTransaction", Start(1000)))[2]!["transactionId"]!.GetValue<int>();
        var afterStart = (await SnapshotVersion("CPQUIET")).ShouldNotBeNull();

        for (var i = 0; i < 3; i++)
            (await charger.Call("Heartbeat", new { }))[0]!.GetValue<int>().ShouldBe(3);
        (await SnapshotVersion("CPQUIET")).ShouldBe(afterStart);

        // readings alone: the snapshot stays as it was until ChargePointSnapshots.MaxFactsBehind facts are left out of it
        for (var i = 1; i < ChargePointSnapshots.MaxFactsBehind; i++)
            await charger.Call("MeterValues", MeterValues(transactionId, 1000 + i * 10));
        (await SnapshotVersion("CPQUIET")).ShouldBe(afterStart);
        (await Stored("CPQUIET"))!.OpenTransactions[transactionId.ToString()].LastMeterWh.ShouldBe(1000m + (ChargePointSnapshots.MaxFactsBehind - 1) * 10);

        await charger.Call("MeterValues", MeterValues(transactionId, 1500));
        (await SnapshotVersion("CPQUIET")).ShouldNotBe(afterStart);
        (await Stored("CPQUIET"))!.OpenTransactions[transactionId.ToString()].LastMeterWh.ShouldBe(1500m);
    }

    private static object MeterValues(int transactionId, int wh) => new
    {
        connectorId = 1, transactionId,
        meterValue = new[] { new { timestamp = DateTimeOffset.UtcNow, sampledValue = new[] { new { value = wh.ToString(), measurand = "Energy.Active.Import.Register", unit = "Wh" } } } },
    };
}
