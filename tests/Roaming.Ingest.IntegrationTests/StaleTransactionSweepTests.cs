using Roaming.Ingest.Transactions;
using Roaming.Ingest.Transactions.Sweeping;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>The Quartz sweep closes sessions whose stop never came; the real stop arriving later is accepted, not applied twice.</summary>
public sealed class StaleTransactionSweepTests : IAsyncLifetime
{
    private IngestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await IngestHost.Start("ingest_it_sweep", new Dictionary<string, string>
        {
            ["Roaming:Ingest:StaleTransactionAfter"] = "00:00:03",
            ["Roaming:Ingest:StaleTransactionSweepInterval"] = "00:00:01",
        });
        await _host.KnowToken("TOKEN123");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<TransactionStopped> SweptStop(string id)
    {
        TransactionStopped? stopped = null;
        await IngestHost.Eventually(async () => (stopped = (await _host.Facts(id)).OfType<TransactionStopped>().SingleOrDefault()) is not null,
            TimeSpan.FromSeconds(20), $"{id}'s transaction swept");
        return stopped!;
    }

    [Fact]
    public async Task GivenDisconnected16ChargerWithoutStop_WhenStale_ThenSweptAtTheLastReadingAndTheLateStopIsNotASecondStop()
    {
        await _host.Register("CPNOSTOP");
        var run = await Driver.Drive(_host, "CPNOSTOP", "--protocol", "ocpp1.6", "--idtag", "TOKEN123", "--scenario", "nostop", "--samples", "2");
        run.ExitCode.ShouldBe(0, run.Output);
        var transactionId = run.Summary.GetProperty("openTransactionId").GetInt32();
        var lastMeterWh = run.Summary.GetProperty("lastMeterWh").GetDecimal();

        var stopped = await SweptStop("CPNOSTOP");
        stopped.ClosedBySweep.ShouldBeTrue();
        stopped.TransactionId.ShouldBe(transactionId.ToString());
        stopped.MeterStopWh.ShouldBe(lastMeterWh);
        (await _host.Events("CPNOSTOP")).Last().Headers!["actor"].ToString().ShouldBe(SweepStaleTransactions.Actor);

        await using var charger = await TestCharger.Connect(_host.WebSocketUrl, "CPNOSTOP", IngestHost.Password);
        var answer = await charger.Call("StopTransaction", new { transactionId, meterStop = (int)lastMeterWh + 500, timestamp = DateTimeOffset.UtcNow });
        answer[0]!.GetValue<int>().ShouldBe(3);
        (await _host.Facts("CPNOSTOP")).OfType<TransactionStopped>().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task GivenConnected201StationWithoutEnded_WhenStale_ThenSweptThroughItsConnectionAndTheLateEndedIsNotASecondStop()
    {
        await _host.Register("CSNOSTOP");
        await using var station = Driver.Start(_host, "CSNOSTOP", "--protocol", "ocpp2.0.1", "--idtag", "TOKEN123", "--scenario", "nostop", "--samples", "1", "--tx-id", "tx-sweep", "--hold");

        var stopped = await SweptStop("CSNOSTOP");
        stopped.ClosedBySweep.ShouldBeTrue();
        stopped.TransactionId.ShouldBe("tx-sweep");
        _host.Connections.Find("CSNOSTOP").ShouldNotBeNull("swept while the station stayed connected");

        await using var charger = await TestCharger.Connect(_host.WebSocketUrl, "CSNOSTOP", IngestHost.Password, "ocpp2.0.1");
        var answer = await charger.Call("TransactionEvent", new
        {
            eventType = "Ended", timestamp = DateTimeOffset.UtcNow, triggerReason = "StopAuthorized", seqNo = 9,
            transactionInfo = new { transactionId = "tx-sweep", stoppedReason = "Local" },
        });
        answer[0]!.GetValue<int>().ShouldBe(3);
        (await _host.Facts("CSNOSTOP")).OfType<TransactionStopped>().ShouldHaveSingleItem();
    }
}
