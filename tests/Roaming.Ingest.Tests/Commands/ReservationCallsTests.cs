using System.Text.Json;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Commands;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Reservations;
using Shouldly;

namespace Roaming.Ingest.Tests.Commands;

/// <summary>RESERVE_NOW / CANCEL_RESERVATION as the OCPP CALLs of each version, checked against the official schemas.</summary>
public class ReservationCallsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static ChargePoint Charger() => ChargePoint.Fold(new ChargePoint { Id = "CP1" },
        new ChargePointRegistered("CP1", "hash", [new ConnectorMapping(1, 1, "LOC1", "LOC1-E1", "1"), new ConnectorMapping(2, 2, "LOC1", "LOC1-E2", "1")], Now));

    private static readonly OcppReservation Reservation = new()
    {
        Id = 4711, Key = "partner-1:R-1", ChargePointId = "CP1", IdTag = "MSP-RFID-1", ExpiresAt = Now + Duration.FromMinutes(30),
        AuthorizationReference = "AUTH-1",
    };

    private static ChargePointCommandRequested Command(string kind, string? evseUid) =>
        new(Guid.CreateVersion7(), kind, null, kind == ChargePointCommandKinds.ReserveNow ? "LOC1" : null, evseUid, null,
            kind == ChargePointCommandKinds.ReserveNow ? "MSP-RFID-1" : null, null,
            new Dictionary<string, string> { [ChargePointCommandParameters.ReservationKey] = Reservation.Key });

    [Theory]
    [InlineData(OcppVersion.V16, ChargePointCommandKinds.ReserveNow, "LOC1-E2")]
    [InlineData(OcppVersion.V16, ChargePointCommandKinds.ReserveNow, null)]
    [InlineData(OcppVersion.V201, ChargePointCommandKinds.ReserveNow, "LOC1-E2")]
    [InlineData(OcppVersion.V201, ChargePointCommandKinds.ReserveNow, null)]
    [InlineData(OcppVersion.V16, ChargePointCommandKinds.CancelReservation, null)]
    [InlineData(OcppVersion.V201, ChargePointCommandKinds.CancelReservation, null)]
    public void GivenReservationCommand_WhenTranslated_ThenTheCallOfItsNamePassesTheOfficialSchema(OcppVersion version, string kind, string? evseUid)
    {
        var translated = ChargePointCommandCalls.Translate(version, Charger(), Command(kind, evseUid), Reservation);

        translated.Refusal.ShouldBeNull();
        translated.Call!.Action.ShouldBe(kind);
        OcppSchemas.Shared.ValidateRequest(version, kind, JsonSerializer.SerializeToElement(translated.Call.Payload)).ShouldBeNull();
    }

    [Fact]
    public void ReserveNow16_ReservesTheEvsesConnectorUnderTheMappedIntegerId()
    {
        var payload = ChargePointCommandCalls.Translate(OcppVersion.V16, Charger(), Command(ChargePointCommandKinds.ReserveNow, "LOC1-E2"), Reservation).Call!.Payload;

        payload["reservationId"]!.GetValue<int>().ShouldBe(4711);
        payload["connectorId"]!.GetValue<int>().ShouldBe(2);
        payload["idTag"]!.GetValue<string>().ShouldBe("MSP-RFID-1");
        payload["expiryDate"]!.GetValue<string>().ShouldStartWith("2026-11-24T10:30:00");
    }

    [Fact]
    public void ReserveNow16WithoutEvse_ReservesAnyConnector() =>
        ChargePointCommandCalls.Translate(OcppVersion.V16, Charger(), Command(ChargePointCommandKinds.ReserveNow, null), Reservation)
            .Call!.Payload["connectorId"]!.GetValue<int>().ShouldBe(0);

    [Fact]
    public void ReserveNow201_ReservesTheEvse()
    {
        var payload = ChargePointCommandCalls.Translate(OcppVersion.V201, Charger(), Command(ChargePointCommandKinds.ReserveNow, "LOC1-E2"), Reservation).Call!.Payload;

        (payload["id"]!.GetValue<int>(), payload["evseId"]!.GetValue<int>()).ShouldBe((4711, 2));
        payload["idToken"]!["idToken"]!.GetValue<string>().ShouldBe("MSP-RFID-1");
    }

    [Fact]
    public void CancelReservation_CancelsTheMappedIntegerId() =>
        ChargePointCommandCalls.Translate(OcppVersion.V201, Charger(), Command(ChargePointCommandKinds.CancelReservation, null), Reservation)
            .Call!.Payload["reservationId"]!.GetValue<int>().ShouldBe(4711);

    [Fact]
    public void ReserveNowAtAnEvseTheChargerDoesNotServe_IsRefusedWithAReason() =>
        ChargePointCommandCalls.Translate(OcppVersion.V16, Charger(), Command(ChargePointCommandKinds.ReserveNow, "LOC1-E9"), Reservation)
            .Refusal!.Detail.ShouldContain("LOC1-E9");

    [Fact]
    public void ReserveNowWithoutItsReservation_IsRefused() =>
        ChargePointCommandCalls.Translate(OcppVersion.V16, Charger(), Command(ChargePointCommandKinds.ReserveNow, "LOC1-E2")).Refusal.ShouldNotBeNull();

    [Theory]
    [InlineData("Occupied")]
    [InlineData("Faulted")]
    [InlineData("Unavailable")]
    [InlineData("Rejected")]
    public void ARefusedReservation_IsRejectedWithTheChargersStatus(string status)
    {
        using var answer = JsonDocument.Parse($$"""{"status":"{{status}}"}""");
        var (outcome, detail, _) = ChargePointCommandCalls.Interpret(new CallResult("1", answer.RootElement));
        (outcome, detail).ShouldBe((ChargePointCommandStatuses.Rejected, status));
    }
}
