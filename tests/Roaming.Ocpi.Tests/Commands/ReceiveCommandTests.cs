using System.Net;
using System.Text.Json;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ocpi.Commands;
using Roaming.Ocpi.Feeding;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Tests.Objects;
using Roaming.Ocpi.Tokens;
using Roaming.Ocpi.Transport;
using Shouldly;

namespace Roaming.Ocpi.Tests.Commands;

public class ReceiveCommandTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly Guid CommandId = Guid.Parse("01a20d00-0000-7000-8000-000000000001");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private const string Token = """
        {"country_code":"NL","party_id":"EXA","uid":"APP-1","type":"APP_USER","contract_id":"NL-EXA-1","issuer":"EXA","valid":true,
         "whitelist":"NEVER","last_updated":"2026-01-01T00:00:00Z"}
        """;

    [Fact]
    public void GivenStartSession_ThenAStartTransactionForTheEvseWithTheTokenUid()
    {
        var decision = ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, "START_SESSION",
            Json($$"""{"response_url":"https://emsp.example/r/1","token":{{Token}},"location_id":"LOC1","evse_uid":"E1","connector_id":"2"}"""),
            null, Now, out var errors);
        errors.IsValid.ShouldBeTrue();
        decision.Result.ShouldBe("ACCEPTED");
        var message = ReceiveCommand.ToMessage(decision.Received!);
        message.Kind.ShouldBe(ChargePointCommandKinds.StartTransaction);
        (message.LocationId, message.EvseUid, message.ConnectorId, message.IdTag).ShouldBe(("LOC1", "E1", "2", "APP-1"));
    }

    [Fact]
    public void GivenStopSessionOfAKnownSession_ThenAStopTransactionOfItsCharger()
    {
        var route = new SessionRoute("S-1", "CP-1", "42", "LOC1", "E1", "1");
        var decision = ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, "STOP_SESSION",
            Json("""{"response_url":"https://emsp.example/r/2","session_id":"S-1"}"""), route, Now, out _);
        var message = ReceiveCommand.ToMessage(decision.Received!);
        (message.Kind, message.ChargePointId, message.TransactionId).ShouldBe((ChargePointCommandKinds.StopTransaction, "CP-1", "42"));
    }

    [Fact]
    public void GivenStopSessionOfAnUnknownSession_ThenUnknownSessionAndNothingSent()
    {
        var decision = ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, "STOP_SESSION",
            Json("""{"response_url":"https://emsp.example/r/2","session_id":"S-9"}"""), null, Now, out _);
        (decision.Result, decision.Received).ShouldBe(("UNKNOWN_SESSION", null));
    }

    [Fact]
    public void GivenReserveNow_ThenAReserveNowWithTheReservationMadeUniquePerPartnerAndTheExpiryInUtc()
    {
        var decision = ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, "RESERVE_NOW",
            Json($$"""
                {"response_url":"https://emsp.example/r/3","token":{{Token}},"expiry_date":"2026-11-24T11:00:00","reservation_id":"R1",
                 "location_id":"LOC1","evse_uid":"E1","authorization_reference":"AUTH-R1"}
                """),
            null, Now, out var errors);
        errors.IsValid.ShouldBeTrue();
        var message = ReceiveCommand.ToMessage(decision.Received!);
        (message.Kind, message.LocationId, message.EvseUid, message.IdTag).ShouldBe((ChargePointCommandKinds.ReserveNow, "LOC1", "E1", "APP-1"));
        message.Parameters[ChargePointCommandParameters.ReservationKey].ShouldBe($"{ReceivedObjectsTests.Cpo.Id}:R1");
        message.Parameters[ChargePointCommandParameters.ExpiryDate].ShouldBe("2026-11-24T11:00:00Z");
        message.Parameters[ChargePointCommandParameters.AuthorizationReference].ShouldBe("AUTH-R1");
    }

    [Fact]
    public void GivenReserveNowThatExpiredAlready_ThenRejectedAndNothingSent()
    {
        var decision = ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, "RESERVE_NOW",
            Json($$"""{"response_url":"https://emsp.example/r/3","token":{{Token}},"expiry_date":"2026-11-24T09:59:00Z","reservation_id":"R1","location_id":"LOC1"}"""),
            null, Now, out _);
        (decision.Result, decision.Received).ShouldBe(("REJECTED", null));
    }

    [Fact]
    public void GivenCancelReservation_ThenACancelOfThePartnersReservation()
    {
        var decision = ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, "CANCEL_RESERVATION",
            Json("""{"response_url":"https://emsp.example/r/4","reservation_id":"R1"}"""), null, Now, out _);
        var message = ReceiveCommand.ToMessage(decision.Received!);
        message.Kind.ShouldBe(ChargePointCommandKinds.CancelReservation);
        message.Parameters[ChargePointCommandParameters.ReservationKey].ShouldBe($"{ReceivedObjectsTests.Cpo.Id}:R1");
    }

    [Fact]
    public void GivenStartSessionWithAnAuthorizationReference_ThenItTravelsToTheCharger()
    {
        var decision = ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, "START_SESSION",
            Json($$"""{"response_url":"https://emsp.example/r/1","token":{{Token}},"location_id":"LOC1","authorization_reference":"AUTH-S1"}"""),
            null, Now, out _);
        ReceiveCommand.ToMessage(decision.Received!).Parameters[ChargePointCommandParameters.AuthorizationReference].ShouldBe("AUTH-S1");
    }

    [Theory]
    [InlineData("START_SESSION", """{"response_url":"https://emsp.example/r","location_id":"LOC1"}""", "token")]
    [InlineData("UNLOCK_CONNECTOR", """{"response_url":"https://emsp.example/r","location_id":"LOC1","evse_uid":"E1"}""", "connector_id")]
    [InlineData("CANCEL_RESERVATION", """{"reservation_id":"R1"}""", "response_url")]
    public void GivenAMissingField_ThenTheFieldIsNamedAndNothingSent(string command, string body, string field)
    {
        var decision = ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, command, Json(body), null, Now, out var errors);
        decision.Received.ShouldBeNull();
        errors.ToDictionary().Keys.ShouldContain(field);
    }

    [Fact]
    public void GivenATokenOfAnotherPlatformsParty_ThenRejected()
    {
        var decision = ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, "START_SESSION",
            Json($$"""{"response_url":"https://emsp.example/r/1","token":{{Token.Replace("\"EXA\"", "\"XYZ\"")}},"location_id":"LOC1"}"""), null, Now, out _);
        (decision.Result, decision.Received).ShouldBe(("REJECTED", null));
    }

    [Fact]
    public void GivenAnUnknownCommand_ThenNotSupported() =>
        ReceiveCommand.Decide(CommandId, ReceivedObjectsTests.Cpo, "SELF_DESTRUCT", Json("{}"), null, Now, out _).Result.ShouldBe("NOT_SUPPORTED");

    [Theory]
    [InlineData(ChargePointCommandStatuses.Accepted, "ACCEPTED")]
    [InlineData(ChargePointCommandStatuses.Rejected, "REJECTED")]
    [InlineData(ChargePointCommandStatuses.Timeout, "TIMEOUT")]
    [InlineData(ChargePointCommandStatuses.NotConnected, "EVSE_INOPERATIVE")]
    [InlineData(ChargePointCommandStatuses.Error, "FAILED")]
    [InlineData(ChargePointCommandStatuses.UnknownReservation, "UNKNOWN_RESERVATION")]
    public void ChargerAnswersMapToCommandResults(string status, string result) => OnChargePointCommandCompleted.ResultOf(status).ShouldBe(result);

    [Theory]
    [InlineData("Occupied", "EVSE_OCCUPIED")]
    [InlineData("Faulted", "EVSE_INOPERATIVE")]
    [InlineData("Unavailable", "EVSE_INOPERATIVE")]
    [InlineData("Rejected", "REJECTED")]
    public void ARefusedReservationSaysWhy(string chargerStatus, string result) =>
        OnChargePointCommandCompleted.ResultOf(ChargePointCommandStatuses.Rejected, chargerStatus).ShouldBe(result);

    [Fact]
    public void AuthorizeAnsweredFromOurToken()
    {
        var token = new OcpiObject("TOKENS/NL/MSP/APP-1/APP_USER", Modules.Tokens, "NL", "MSP", "APP-1", Owners.Self, Token.Replace("\"valid\":true", "\"valid\":false"), Now, Now);
        var blocked = AuthorizeToken.Decide(token, Json("""{"location_id":"LOC1","evse_uids":["E1"]}"""), "ref-1");
        blocked.HttpStatus.ShouldBe(HttpStatusCode.OK);
        var info = JsonDocument.Parse(blocked.ToJson(Now)).RootElement.GetProperty("data");
        info.GetProperty("allowed").GetString().ShouldBe("BLOCKED");
        info.GetProperty("location").GetProperty("location_id").GetString().ShouldBe("LOC1");
        info.GetProperty("authorization_reference").GetString().ShouldBe("ref-1");

        var unknown = AuthorizeToken.Decide(null, null, "ref-2");
        (unknown.HttpStatus, unknown.StatusCode).ShouldBe((HttpStatusCode.NotFound, OcpiStatus.UnknownToken));
    }
}
