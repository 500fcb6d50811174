using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Publishing;
using Roaming.Ingest.Transactions;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>Whole sessions from the ocpp-rpc driver, both versions, recorded on real PostgreSQL.</summary>
public sealed class ProtocolSessionTests : IAsyncLifetime
{
    private IngestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await IngestHost.Start("ingest_it_sessions");
        await _host.KnowToken("TOKEN123");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<IReadOnlyList<object>> DriveSession(string id, string protocol, params string[] extra)
    {
        await _host.Register(id);
        var run = await Driver.Drive(_host, id, ["--protocol", protocol, "--idtag", "TOKEN123", .. extra]);
        run.ExitCode.ShouldBe(0, run.Output);
        return await _host.Facts(id);
    }

    [Fact]
    public async Task GivenOcpp201Station_WhenItRunsASession_ThenStartedSampledChargingAndStopped()
    {
        var facts = await DriveSession("CS201", "ocpp2.0.1", "--samples", "3", "--meter-start", "1000", "--step-wh", "2500");

        var started = facts.OfType<TransactionStarted>().ShouldHaveSingleItem();
        started.OcppVersion.ShouldBe("2.0.1");
        started.IdTag.ShouldBe("TOKEN123");
        started.AuthorizationStatus.ShouldBe("Accepted");
        started.MeterStartWh.ShouldBe(1000m);
        started.Connector!.EvseUid.ShouldBe("LOC1-E1");
        facts.OfType<ChargePointBooted>().ShouldHaveSingleItem().OcppVersion.ShouldBe("2.0.1");
        facts.OfType<ConnectorStatusReported>().Where(s => s.TransactionId is not null && s.SeqNo is not null).Select(s => s.Status).ShouldBe(["Charging"]);
        var stopped = facts.OfType<TransactionStopped>().ShouldHaveSingleItem();
        stopped.MeterStopWh.ShouldBe(8500m);
        stopped.Orphan.ShouldBeFalse();
    }

    [Fact]
    public async Task GivenTheSameSessionIn16And201_WhenPublished_ThenChargingReceivesTheSameSession()
    {
        string[] session = ["--samples", "3", "--meter-start", "1000", "--step-wh", "2500", "--start-time", "2026-11-20T10:00:00Z", "--interval-s", "600"];
        var map = new IngestIntegrationEvents();
        var v16 = (await DriveSession("CP16", "ocpp1.6", session)).ToList();
        var v201 = (await DriveSession("CS201B", "ocpp2.0.1", session)).ToList();
        ChargingTransactionStarted Started(List<object> facts) => facts.OfType<TransactionStarted>().Select(Message<ChargingTransactionStarted>).Single();
        ChargingTransactionStopped Stopped(List<object> facts) => facts.OfType<TransactionStopped>().Select(Message<ChargingTransactionStopped>).Single();
        IEnumerable<string> Statuses(List<object> facts) => facts.OfType<ConnectorStatusReported>().Select(Message<ConnectorStatusChanged>)
            .Where(s => s.TransactionId is not null && s.Status is "Charging" or "SuspendedEV" or "SuspendedEVSE" or "Finishing").Select(s => s.Status);
        T Message<T>(object fact) => (T)map.ToMessage(new JasperFx.Events.Event<object>(fact))!;

        Started(v201).ShouldBe(Started(v16) with { ChargePointId = "CS201B", TransactionId = Started(v201).TransactionId, OcppVersion = "2.0.1", ReceivedAt = Started(v201).ReceivedAt });
        Stopped(v201).ShouldBe(Stopped(v16) with { ChargePointId = "CS201B", TransactionId = Started(v201).TransactionId, ReceivedAt = Stopped(v201).ReceivedAt });
        Statuses(v201).ShouldBe(Statuses(v16));
    }

    [Fact]
    public async Task GivenOcpp201Station_WhenItRepeatsTheStartedEvent_ThenOneTransaction()
    {
        var facts = await DriveSession("CS201DUP", "ocpp2.0.1", "--scenario", "duplicate");

        facts.OfType<TransactionStarted>().ShouldHaveSingleItem();
        facts.OfType<TransactionStopped>().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task GivenOcpp16Charger_WhenItRetriesStartTransaction_ThenTheSameIdAndOneTransaction()
    {
        await _host.Register("CP16DUP");
        var run = await Driver.Drive(_host, "CP16DUP", "--protocol", "ocpp1.6", "--idtag", "TOKEN123", "--scenario", "duplicate");

        run.ExitCode.ShouldBe(0, run.Output);
        run.Summary.GetProperty("transactionIds").EnumerateArray().Select(t => t.GetInt32()).Distinct().ShouldHaveSingleItem();
        (await _host.Facts("CP16DUP")).OfType<TransactionStarted>().ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("ocpp1.6")]
    [InlineData("ocpp2.0.1")]
    public async Task GivenOfflineQueue_WhenReplayed_ThenTheSessionKeepsTheChargersTimesAndIsMarkedOffline(string protocol)
    {
        var id = protocol == "ocpp1.6" ? "CPOFF16" : "CSOFF201";
        var facts = await DriveSession(id, protocol, "--scenario", "offline", "--samples", "2");

        var started = facts.OfType<TransactionStarted>().ShouldHaveSingleItem();
        started.Offline.ShouldBeTrue();
        (started.ReceivedAt - started.ReportedAt).TotalMinutes.ShouldBeGreaterThan(60);
        var stopped = facts.OfType<TransactionStopped>().ShouldHaveSingleItem();
        stopped.ReportedAt.ShouldBeLessThan(stopped.ReceivedAt);
        (stopped.MeterStopWh - started.MeterStartWh).ShouldBe(2 * 2500m);
    }

    [Theory]
    [InlineData("ocpp1.6")]
    [InlineData("ocpp2.0.1")]
    public async Task GivenBadFrames_WhenSent_ThenEachGetsACallErrorAndTheConnectionSurvives(string protocol)
    {
        var id = protocol == "ocpp1.6" ? "CPBAD16" : "CSBAD201";
        await _host.Register(id);

        var run = await Driver.Drive(_host, id, "--protocol", protocol, "--scenario", "badframes");

        run.Summary.GetProperty("connectionSurvived").GetBoolean().ShouldBeTrue(run.Output);
        run.ExitCode.ShouldBe(0, run.Output);
    }

    [Fact]
    public async Task GivenWrongPassword_WhenConnecting_Then401AndNothingRecorded()
    {
        await _host.Register("CPPW");

        (await TestCharger.Refusal(_host.WebSocketUrl, "CPPW", "not-the-password-at-all")).ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        (await TestCharger.Refusal(_host.WebSocketUrl, "UNKNOWN", IngestHost.Password)).ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        (await _host.Events(Recording.FrameStreams.For("CPPW"))).ShouldBeEmpty();
    }
}
