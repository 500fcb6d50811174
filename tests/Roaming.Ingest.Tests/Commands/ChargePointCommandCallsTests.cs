using System.Text.Json;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Commands;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Transactions;
using Shouldly;

namespace Roaming.Ingest.Tests.Commands;

public class ChargePointCommandCallsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static ChargePoint Charger() => ChargePoint.Fold(new ChargePoint { Id = "CP1" },
        new ChargePointRegistered("CP1", "hash", [new ConnectorMapping(1, 1, "LOC1", "LOC1-E1", "1"), new ConnectorMapping(2, 1, "LOC1", "LOC1-E2", "1")], Now));

    private static ChargePointCommandRequested Command(string kind, string? idTag = null, string? transactionId = null,
        Dictionary<string, string>? parameters = null, string? evseUid = "LOC1-E2") =>
        new(Guid.Parse("0195a1b2-0000-7000-8000-000000000001"), kind, null, "LOC1", evseUid, "1", idTag, transactionId, parameters ?? []);

    public static TheoryData<OcppVersion, string, string> Kinds => new()
    {
        { OcppVersion.V16, ChargePointCommandKinds.StartTransaction, "RemoteStartTransaction" },
        { OcppVersion.V201, ChargePointCommandKinds.StartTransaction, "RequestStartTransaction" },
        { OcppVersion.V16, ChargePointCommandKinds.StopTransaction, "RemoteStopTransaction" },
        { OcppVersion.V201, ChargePointCommandKinds.StopTransaction, "RequestStopTransaction" },
        { OcppVersion.V16, ChargePointCommandKinds.UnlockConnector, "UnlockConnector" },
        { OcppVersion.V201, ChargePointCommandKinds.UnlockConnector, "UnlockConnector" },
        { OcppVersion.V16, ChargePointCommandKinds.Reset, "Reset" },
        { OcppVersion.V201, ChargePointCommandKinds.Reset, "Reset" },
        { OcppVersion.V16, ChargePointCommandKinds.ChangeAvailability, "ChangeAvailability" },
        { OcppVersion.V201, ChargePointCommandKinds.ChangeAvailability, "ChangeAvailability" },
        { OcppVersion.V16, ChargePointCommandKinds.TriggerMessage, "TriggerMessage" },
        { OcppVersion.V201, ChargePointCommandKinds.TriggerMessage, "TriggerMessage" },
        { OcppVersion.V16, ChargePointCommandKinds.ChangeConfiguration, "ChangeConfiguration" },
        { OcppVersion.V201, ChargePointCommandKinds.SetVariables, "SetVariables" },
        { OcppVersion.V16, ChargePointCommandKinds.GetConfiguration, "GetConfiguration" },
        { OcppVersion.V201, ChargePointCommandKinds.GetVariables, "GetVariables" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void GivenCommandKind_WhenTranslated_ThenTheVersionsCallPassesItsOfficialSchema(OcppVersion version, string kind, string action)
    {
        var parameters = kind switch
        {
            ChargePointCommandKinds.Reset => new Dictionary<string, string> { ["type"] = "Hard" },
            ChargePointCommandKinds.ChangeAvailability => new() { ["type"] = "Inoperative" },
            ChargePointCommandKinds.TriggerMessage => new() { ["requestedMessage"] = "StatusNotification" },
            ChargePointCommandKinds.ChangeConfiguration => new() { ["key"] = "HeartbeatInterval", ["value"] = "60" },
            ChargePointCommandKinds.SetVariables => new() { ["OCPPCommCtrlr.HeartbeatInterval"] = "60" },
            ChargePointCommandKinds.GetConfiguration => new() { ["HeartbeatInterval"] = "" },
            ChargePointCommandKinds.GetVariables => new() { ["OCPPCommCtrlr.HeartbeatInterval"] = "" },
            _ => new(),
        };
        var command = Command(kind, idTag: "TOKEN", transactionId: version == OcppVersion.V16 ? "7" : "tx-7", parameters: parameters);

        var translated = ChargePointCommandCalls.Translate(version, Charger(), command);

        translated.Refusal.ShouldBeNull();
        translated.Call!.Action.ShouldBe(action);
        OcppSchemas.Shared.ValidateRequest(version, action, JsonSerializer.SerializeToElement(translated.Call.Payload)).ShouldBeNull();
    }

    [Fact]
    public void GivenOcpiAddress_WhenStartIsTranslatedFor201_ThenTheRegisteredEvseIsAddressed()
    {
        var call = ChargePointCommandCalls.Translate(OcppVersion.V201, Charger(), Command(ChargePointCommandKinds.StartTransaction, idTag: "TOKEN")).Call!;

        call.Payload["evseId"]!.GetValue<int>().ShouldBe(2);
        call.Payload["idToken"]!["idToken"]!.GetValue<string>().ShouldBe("TOKEN");
    }

    [Fact]
    public void GivenOpenTransactionOnTheConnector_WhenStopWithoutTransactionId_ThenItIsStopped()
    {
        var charger = ChargePoint.Fold(Charger(), new TransactionStarted("CP1", "42", "1.6", 2, 1, null, "TAG", 0, "Accepted", Now, Now, false, null, null));

        var call = ChargePointCommandCalls.Translate(OcppVersion.V16, charger, Command(ChargePointCommandKinds.StopTransaction)).Call!;

        call.Payload["transactionId"]!.GetValue<int>().ShouldBe(42);
    }

    [Fact]
    public void GivenUnregisteredEvse_WhenTranslated_ThenRefusedWithAReason()
    {
        var translated = ChargePointCommandCalls.Translate(OcppVersion.V16, Charger(), Command(ChargePointCommandKinds.UnlockConnector, evseUid: "NOPE"));

        translated.Refusal!.Status.ShouldBe(ChargePointCommandStatuses.Error);
        translated.Refusal.Detail.ShouldContain("NOPE");
    }

    [Fact]
    public void GivenStartWithoutToken_WhenTranslated_ThenRefused() =>
        ChargePointCommandCalls.Translate(OcppVersion.V16, Charger(), Command(ChargePointCommandKinds.StartTransaction)).Refusal.ShouldNotBeNull();

    [Theory]
    [InlineData("{\"status\":\"Accepted\"}", "Accepted", null)]
    [InlineData("{\"status\":\"Unlocked\"}", "Accepted", null)]
    [InlineData("{\"status\":\"Rejected\"}", "Rejected", "Rejected")]
    [InlineData("{\"status\":\"UnlockFailed\"}", "Rejected", "UnlockFailed")]
    [InlineData("{\"configurationKey\":[]}", "Accepted", null)]
    [InlineData("{\"setVariableResult\":[{\"attributeStatus\":\"Rejected\",\"component\":{\"name\":\"C\"},\"variable\":{\"name\":\"V\"}}]}", "Rejected", "C.V: Rejected")]
    public void GivenChargersAnswer_WhenInterpreted_ThenStatusAndDetail(string payload, string status, string? detail)
    {
        var (actualStatus, actualDetail, json) = ChargePointCommandCalls.Interpret(new CallResult("1", JsonDocument.Parse(payload).RootElement));

        actualStatus.ShouldBe(status);
        actualDetail.ShouldBe(detail);
        json.ShouldBe(payload);
    }

    [Fact]
    public void GivenCallError_WhenInterpreted_ThenError() =>
        ChargePointCommandCalls.Interpret(new CallError("1", "NotSupported", "no", default)).Status.ShouldBe(ChargePointCommandStatuses.Error);
}
