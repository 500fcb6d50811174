using Microsoft.Extensions.DependencyInjection;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.Commands;
using Roaming.Ingest.Transactions;
using Roaming.Platform.Messaging;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>ChargePointCommandRequested → the version's CALL to a driver in --hold mode → ChargePointCommandAnswered.</summary>
public sealed class ChargePointCommandTests : IAsyncLifetime
{
    private IngestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await IngestHost.Start("ingest_it_commands", new Dictionary<string, string> { ["Roaming:Ingest:CallTimeout"] = "00:00:05" });
        await _host.KnowToken("TOKEN123");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<ChargePointCommandAnswered> Send(string kind, string? chargePointId = null, string? idTag = null, string? transactionId = null,
        Dictionary<string, string>? parameters = null, string? locationId = "LOC1", string? evseUid = "LOC1-E1", bool both = false)
    {
        // OCPI addresses by location/EVSE/connector; STOP_SESSION knows the charger and transaction too and sends all of it
        var command = new ChargePointCommandRequested(Guid.CreateVersion7(), kind, chargePointId, chargePointId is null || both ? locationId : null,
            chargePointId is null || both ? evseUid : null, chargePointId is null || both ? "1" : null, idTag, transactionId, parameters ?? []);
        await _host.Services.GetRequiredService<IIntegrationBus>().Publish(command, Guid.CreateVersion7(), null, CancellationToken.None);
        // answered asynchronously: the consumer never waits for the charger
        return await Fact<ChargePointCommandAnswered>(ChargePointCommandAnswered.StreamFor(command.CommandId));
    }

    private async Task<ChildProcess> Holding(string id, string protocol)
    {
        await _host.Register(id);
        var station = Driver.Start(_host, id, "--protocol", protocol, "--idtag", "TOKEN123", "--scenario", "boot", "--hold",
            "--await-remote-stop", "--remote-sample-ms", "200");
        await IngestHost.Eventually(() => Task.FromResult(station.Output.Contains("\"holding\"")), TimeSpan.FromSeconds(30), $"{id} holding:\n{station.Output}");
        return station;
    }

    private async Task<T> Fact<T>(string id, Func<T, bool>? where = null)
    {
        T? found = default;
        await IngestHost.Eventually(async () => (found = (await _host.Facts(id)).OfType<T>().FirstOrDefault(where ?? (_ => true))) is not null,
            TimeSpan.FromSeconds(20), $"{typeof(T).Name} of {id}");
        return found!;
    }

    [Theory]
    [InlineData("ocpp1.6", "CMD16")]
    [InlineData("ocpp2.0.1", "CMD201")]
    public async Task GivenHeldStation_WhenOcpiStartsAndStopsASession_ThenTheStationAcceptsAndTheSessionIsRecorded(string protocol, string id)
    {
        await using var station = await Holding(id, protocol);

        // a token of another e-MSP that Ingest has no copy of: the remote start vouches for it
        var start = await Send(ChargePointCommandKinds.StartTransaction, idTag: "MSP-APP-0001");
        start.Status.ShouldBe(ChargePointCommandStatuses.Accepted, start.Detail);
        start.ChargePointId.ShouldBe(id);
        start.Action.ShouldBe(protocol == "ocpp1.6" ? "RemoteStartTransaction" : "RequestStartTransaction");
        var started = await Fact<TransactionStarted>(id);
        started.IdTag.ShouldBe("MSP-APP-0001");
        started.AuthorizationStatus.ShouldBe("Accepted");

        var stop = await Send(ChargePointCommandKinds.StopTransaction, chargePointId: id, transactionId: started.TransactionId, both: true);
        stop.Status.ShouldBe(ChargePointCommandStatuses.Accepted, stop.Detail);
        (await Fact<TransactionStopped>(id)).TransactionId.ShouldBe(started.TransactionId);
    }

    [Theory]
    [InlineData("ocpp1.6", "CFG16", "GetConfiguration", "HeartbeatInterval", "configurationKey")]
    [InlineData("ocpp2.0.1", "CFG201", "GetVariables", "OCPPCommCtrlr.HeartbeatInterval", "getVariableResult")]
    public async Task GivenHeldStation_WhenConfigurationIsRead_ThenTheResultIsReturned(string protocol, string id, string kind, string key, string resultField)
    {
        await using var station = await Holding(id, protocol);

        var answer = await Send(kind, chargePointId: id, parameters: new() { [key] = "" });

        answer.Status.ShouldBe(ChargePointCommandStatuses.Accepted, answer.Detail);
        answer.ResultJson.ShouldNotBeNull().ShouldContain(resultField);
    }

    [Theory]
    [InlineData("ocpp1.6", "RST16")]
    [InlineData("ocpp2.0.1", "RST201")]
    public async Task GivenHeldStation_WhenUnlockedAndReset_ThenAccepted(string protocol, string id)
    {
        await using var station = await Holding(id, protocol);

        (await Send(ChargePointCommandKinds.UnlockConnector)).Status.ShouldBe(ChargePointCommandStatuses.Accepted);
        (await Send(ChargePointCommandKinds.TriggerMessage, chargePointId: id, parameters: new() { ["requestedMessage"] = "Heartbeat" })).Status.ShouldBe(ChargePointCommandStatuses.Accepted);
        (await Send(ChargePointCommandKinds.Reset, chargePointId: id, parameters: new() { ["type"] = "Soft" })).Status.ShouldBe(ChargePointCommandStatuses.Accepted);
    }

    [Fact]
    public async Task GivenRegisteredButDisconnectedCharger_WhenCommanded_ThenNotConnected()
    {
        await _host.Register("CMDOFF");

        (await Send(ChargePointCommandKinds.Reset, chargePointId: "CMDOFF")).Status.ShouldBe(ChargePointCommandStatuses.NotConnected);
        (await Send(ChargePointCommandKinds.UnlockConnector, locationId: "NOWHERE")).Status.ShouldBe(ChargePointCommandStatuses.NotConnected);
    }

    [Fact]
    public async Task GivenChargerThatNeverAnswers_WhenCommanded_ThenTimeoutAfterCallTimeout()
    {
        await _host.Register("CMDMUTE");
        await using var mute = await TestCharger.Connect(_host.WebSocketUrl, "CMDMUTE", IngestHost.Password);
        await IngestHost.Eventually(() => Task.FromResult(_host.Connections.Find("CMDMUTE") is not null), TimeSpan.FromSeconds(5), "connected");

        var answer = await Send(ChargePointCommandKinds.Reset, chargePointId: "CMDMUTE");

        answer.Status.ShouldBe(ChargePointCommandStatuses.Timeout);
        answer.Action.ShouldBe("Reset");
    }
}
