using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Connections;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Protocols;
using Shouldly;

namespace Roaming.Ingest.Tests.Protocols;

/// <summary>The 2.0.1 CALLs that need no token lookup: answered with a response that passes the official schema.</summary>
public class Ocpp201ProtocolTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    // The store is only used for token lookups, which none of these actions make.
    private static readonly Ocpp201Protocol Protocol = new(null!, Options.Create(new IngestLimits()), NullLogger<Ocpp201Protocol>.Instance);

    private static ChargePoint Registered() => ChargePoint.Fold(new ChargePoint { Id = "CS1" },
        new ChargePointRegistered("CS1", "hash", [new ConnectorMapping(1, 1, "LOC1", "LOC1-E1", "1")], Now));

    [Theory]
    [InlineData("BootNotification", """{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V"}}""", 1)]
    [InlineData("Heartbeat", "{}", 0)]
    [InlineData("StatusNotification", """{"timestamp":"2026-11-24T09:00:00Z","connectorStatus":"Occupied","evseId":1,"connectorId":1}""", 1)]
    [InlineData("MeterValues", """{"evseId":1,"meterValue":[{"timestamp":"2026-11-24T09:00:00Z","sampledValue":[{"value":1234}]}]}""", 1)]
    [InlineData("TransactionEvent", """{"eventType":"Started","timestamp":"2026-11-24T09:00:00Z","triggerReason":"CablePluggedIn","seqNo":0,"transactionInfo":{"transactionId":"t1","chargingState":"EVConnected"},"evse":{"id":1,"connectorId":1}}""", 2)]
    [InlineData("NotifyEvent", """{"generatedAt":"2026-11-24T09:00:00Z","seqNo":0,"eventData":[{"eventId":1,"timestamp":"2026-11-24T09:00:00Z","trigger":"Alerting","actualValue":"1","component":{"name":"EVSE"},"eventNotificationType":"HardWiredNotification","variable":{"name":"Problem"}}]}""", 0)]
    [InlineData("SecurityEventNotification", """{"type":"FirmwareUpdated","timestamp":"2026-11-24T09:00:00Z"}""", 0)]
    [InlineData("DataTransfer", """{"vendorId":"com.example","messageId":"x","data":"y"}""", 0)]
    [InlineData("FirmwareStatusNotification", """{"status":"Installed","requestId":1}""", 0)]
    [InlineData("LogStatusNotification", """{"status":"Uploaded","requestId":1}""", 0)]
    [InlineData("NotifyReport", """{"requestId":1,"generatedAt":"2026-11-24T09:00:00Z","seqNo":0,"reportData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"},"variableAttribute":[{"value":"300"}]}]}""", 0)]
    public async Task GivenValidCall_WhenHandled_ThenTheResponsePassesTheSchemaAndTheFactsAreRecorded(string action, string payload, int facts)
    {
        var request = JsonDocument.Parse(payload).RootElement;
        OcppSchemas.Shared.ValidateRequest(OcppVersion.V201, action, request).ShouldBeNull("the test's own request must be valid");

        var exchange = await Protocol.Handle(Registered(), new Call("1", action, request), Now, CancellationToken.None);

        exchange.Error.ShouldBeNull();
        OcppSchemas.Shared.ValidateResponse(OcppVersion.V201, action, JsonSerializer.SerializeToElement(exchange.Response, OcppJson.Options)).ShouldBeNull();
        exchange.Facts.Count.ShouldBe(facts);
    }

    [Fact]
    public async Task GivenActionThisCsmsDoesNotHandle_WhenCalled_ThenNotSupported()
    {
        var exchange = await Protocol.Handle(Registered(), new Call("1", "ReportChargingProfiles", JsonDocument.Parse("{}").RootElement), Now, CancellationToken.None);

        exchange.Error!.Code.ShouldBe(OcppErrorCode.NotSupported);
    }
}
