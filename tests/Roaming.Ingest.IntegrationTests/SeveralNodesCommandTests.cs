using Microsoft.Extensions.DependencyInjection;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.Commands;
using Roaming.Platform.Messaging;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>
/// Two ingest nodes on one database and RabbitMQ: a command reaches the node that holds the charger's connection, and
/// a charger connected nowhere is answered NotConnected once, after the grace period.
/// </summary>
public sealed class SeveralNodesCommandTests : IAsyncLifetime
{
    private IngestHost _daemonNode = null!;
    private IngestHost _otherNode = null!;

    public async Task InitializeAsync()
    {
        var database = await TestServers.FreshDatabase("ingest_it_two_nodes");
        var settings = new Dictionary<string, string>
        {
            ["Roaming:Ingest:CallTimeout"] = "00:00:03",
            ["Roaming:Ingest:CommandNotConnectedGrace"] = "00:00:05",
        };
        _daemonNode = await IngestHost.Start("unused", new Dictionary<string, string>(settings) { ["Roaming:Ingest:NodeId"] = "node-a" }, node: (database, true));
        _otherNode = await IngestHost.Start("unused", new Dictionary<string, string>(settings) { ["Roaming:Ingest:NodeId"] = "node-b" }, node: (database, false));
    }

    public async Task DisposeAsync()
    {
        await _otherNode.DisposeAsync();
        await _daemonNode.DisposeAsync();
    }

    /// <summary>
    /// Publishes one command and returns its answers once every node that defers a NotConnected (<paramref name="deferring"/>:
    /// each node without the charger's connection) has settled it, so that no node can answer later: a second answer, or
    /// a NotConnected racing the holding node's answer, would be in the list.
    /// </summary>
    private async Task<IReadOnlyList<ChargePointCommandAnswered>> Command(string kind, string chargePointId, params IngestHost[] deferring)
    {
        var settledBefore = deferring.Select(Settled).ToArray();
        var command = new ChargePointCommandRequested(Guid.CreateVersion7(), kind, chargePointId, null, null, null, null, null,
            new Dictionary<string, string> { ["requestedMessage"] = "Heartbeat" });
        await _daemonNode.Services.GetRequiredService<IIntegrationBus>().Publish(command, Guid.CreateVersion7(), null, CancellationToken.None);
        var stream = ChargePointCommandAnswered.StreamFor(command.CommandId);
        await IngestHost.Eventually(async () => (await _daemonNode.Facts(stream)).Count > 0, TimeSpan.FromSeconds(30), $"{kind} answered");
        for (var i = 0; i < deferring.Length; i++)
        {
            var (node, before) = (deferring[i], settledBefore[i]);
            await IngestHost.Eventually(() => Task.FromResult(Settled(node) > before), TimeSpan.FromSeconds(30),
                $"{kind}: the deferred NotConnected of a node without the connection settled (after CommandNotConnectedGrace)");
        }
        return (await _daemonNode.Facts(stream)).OfType<ChargePointCommandAnswered>().ToList();
    }

    private static long Settled(IngestHost node) => node.Services.GetRequiredService<CommandCourier>().DeferredAnswersSettled;

    [Fact]
    public async Task GivenChargerOnTheOtherNode_WhenCommanded_ThenThatNodeSendsItAndTheAnswerIsRecordedOnce()
    {
        await _daemonNode.Register("CPNODEB");
        await using var station = Driver.Start(_otherNode, "CPNODEB", "--protocol", "ocpp1.6", "--scenario", "boot", "--hold");
        await IngestHost.Eventually(() => Task.FromResult(_otherNode.Connections.Find("CPNODEB") is not null), TimeSpan.FromSeconds(30), "connected to node b");

        var answers = await Command(ChargePointCommandKinds.TriggerMessage, "CPNODEB", _daemonNode);

        var answer = answers.ShouldHaveSingleItem();
        answer.Status.ShouldBe(ChargePointCommandStatuses.Accepted, answer.Detail);
        answer.Action.ShouldBe("TriggerMessage");
    }

    [Fact]
    public async Task GivenChargerConnectedNowhere_WhenCommanded_ThenNotConnectedOnceAfterTheGrace()
    {
        await _daemonNode.Register("CPNOWHERE");

        var answers = await Command(ChargePointCommandKinds.TriggerMessage, "CPNOWHERE", _daemonNode, _otherNode);

        answers.ShouldHaveSingleItem().Status.ShouldBe(ChargePointCommandStatuses.NotConnected);
    }
}
