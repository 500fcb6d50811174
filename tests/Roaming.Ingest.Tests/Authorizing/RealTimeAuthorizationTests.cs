using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ingest.Authorizing;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Protocols;
using Roaming.Ingest.Reservations;
using Shouldly;
using V16 = Roaming.Ingest.Ocpp.V16.Messages;
using V201 = Roaming.Ingest.Ocpp.V201.Messages;

namespace Roaming.Ingest.Tests.Authorizing;

/// <summary>When Ingest answers a charger from its copy, when it asks the e-MSP, and what it makes of the answer.</summary>
public class RealTimeAuthorizationTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static ChargePoint Charger() => ChargePoint.Fold(new ChargePoint { Id = "CP1" },
        new ChargePointRegistered("CP1", "hash", [new ConnectorMapping(1, 1, "LOC1", "LOC1-E1", "1"), new ConnectorMapping(2, 1, "LOC1", "LOC1-E2", "1")], Now));

    private static KnownToken Token(string whitelist, string local = "Accepted") =>
        new("MSP-1", "NL", "MSP", "NL-MSP-C1", local, Now, whitelist, "RFID");

    [Theory]
    [InlineData("ALWAYS", "Accepted")]
    [InlineData("ALLOWED", "Accepted")]
    [InlineData("ALWAYS", "Blocked")]
    public void WhitelistAlwaysOrAllowed_IsAnsweredLocally(string whitelist, string local)
    {
        var step = ChargerAuthorization.Decide(Token(whitelist, local), Charger(), "MSP-1", Now);

        step.Question.ShouldBeNull();
        step.Answer.ShouldBe(new ChargerAnswer(local, AuthorizationMethods.Whitelist, null));
    }

    [Theory]
    [InlineData("NEVER")]
    [InlineData("ALLOWED_OFFLINE")]
    public void WhitelistNeverOrAllowedOffline_AsksTheTokensEmspWithTheChargersLocationReferences(string whitelist)
    {
        var step = ChargerAuthorization.Decide(Token(whitelist), Charger(), "MSP-1", Now);

        step.Answer.ShouldBeNull();
        var question = step.Question!;
        (question.CountryCode, question.PartyId, question.Uid, question.Type, question.LocationId).ShouldBe(("NL", "MSP", "MSP-1", "RFID", "LOC1"));
        question.EvseUids.ShouldBe(["LOC1-E1", "LOC1-E2"]);
    }

    [Fact]
    public void AnUnknownToken_IsInvalidWithoutAsking() =>
        ChargerAuthorization.Decide(null, Charger(), "NOBODY", Now).Answer!.Status.ShouldBe("Invalid");

    [Theory]
    [InlineData("NEVER", RealTimeAuthorizationOutcomes.Allowed, "Accepted", AuthorizationMethods.AuthRequest)]
    [InlineData("NEVER", RealTimeAuthorizationOutcomes.Blocked, "Blocked", AuthorizationMethods.AuthRequest)]
    [InlineData("NEVER", RealTimeAuthorizationOutcomes.NoCredit, "Blocked", AuthorizationMethods.AuthRequest)]
    [InlineData("NEVER", RealTimeAuthorizationOutcomes.Expired, "Expired", AuthorizationMethods.AuthRequest)]
    [InlineData("NEVER", RealTimeAuthorizationOutcomes.NotAllowed, "Invalid", AuthorizationMethods.AuthRequest)]
    [InlineData("NEVER", RealTimeAuthorizationOutcomes.Unknown, "Invalid", AuthorizationMethods.AuthRequest)]
    [InlineData("NEVER", RealTimeAuthorizationOutcomes.Unreachable, "Invalid", AuthorizationMethods.Whitelist)]
    [InlineData("ALLOWED_OFFLINE", RealTimeAuthorizationOutcomes.Unreachable, "Accepted", AuthorizationMethods.Whitelist)]
    [InlineData("ALLOWED_OFFLINE", RealTimeAuthorizationOutcomes.Blocked, "Blocked", AuthorizationMethods.AuthRequest)]
    public void TheEmspsAnswer_DecidesAndItsReferenceIsKept(string whitelist, string outcome, string status, string method)
    {
        var answer = ChargerAuthorization.FromEmsp(Token(whitelist), new TokenAuthorizedInRealTime(outcome, outcome == RealTimeAuthorizationOutcomes.Unreachable ? null : "REF-9", null));

        (answer.Status, answer.AuthMethod).ShouldBe((status, method));
        answer.AuthorizationReference.ShouldBe(method == AuthorizationMethods.AuthRequest ? "REF-9" : null);
    }

    [Fact]
    public void ARecentEmspAnswer_IsReusedByTheStartThatFollowsTheAuthorize()
    {
        var charger = ChargePoint.Fold(Charger(), new TokenAuthorizedByEmsp("CP1", "MSP-1", RealTimeAuthorizationOutcomes.Allowed, "Accepted", "REF-1", null, Now));

        ChargerAuthorization.Decide(Token("NEVER"), charger, "MSP-1", Now + Duration.FromMinutes(1)).Answer
            .ShouldBe(new ChargerAnswer("Accepted", AuthorizationMethods.AuthRequest, "REF-1"));
        ChargerAuthorization.Decide(Token("NEVER"), charger, "MSP-1", Now + Duration.FromMinutes(6)).Question.ShouldNotBeNull("an old answer is asked again");
    }

    [Fact]
    public void AnUnreachableAnswer_IsNeverReused()
    {
        var charger = ChargePoint.Fold(Charger(), new TokenAuthorizedByEmsp("CP1", "MSP-1", RealTimeAuthorizationOutcomes.Unreachable, "Invalid", null, null, Now));

        ChargerAuthorization.Decide(Token("NEVER"), charger, "MSP-1", Now + Duration.FromSeconds(5)).Question.ShouldNotBeNull();
    }

    [Fact]
    public void ARemoteStart_VouchesForANeverToken_AsCommandWithItsReference()
    {
        var charger = ChargePoint.Fold(Charger(), new RemoteStartRequested("CP1", Guid.CreateVersion7(), "MSP-1", Now, "AUTH-S1"));

        ChargerAuthorization.Decide(Token("NEVER", local: "Invalid"), charger, "MSP-1", Now + Duration.FromSeconds(3)).Answer
            .ShouldBe(new ChargerAnswer("Accepted", AuthorizationMethods.Command, "AUTH-S1"));
    }

    [Fact]
    public void AStartOnOurReservation_IsAcceptedAsCommand_AndUsesTheReservationUp()
    {
        var charger = ChargePoint.Fold(Charger(), new ReservationRequested("CP1", 4711, "p:R1", "MSP-1", Now + Duration.FromMinutes(30), "AUTH-R1",
            Guid.CreateVersion7(), Now));
        var start = new V16.StartTransactionRequest(1, "MSP-1", 1000, (Now + Duration.FromMinutes(5)).ToDateTimeOffset(), 4711);

        var step = ChargerAuthorization.Decide(Token("NEVER", local: "Invalid"), charger, "MSP-1", Now + Duration.FromMinutes(5), start.ReservationId);
        step.Answer.ShouldBe(new ChargerAnswer("Accepted", AuthorizationMethods.Command, "AUTH-R1"));
        var (_, started) = Ocpp16Decisions.Start(charger, start, step.Answer!, Now + Duration.FromMinutes(5));

        (started!.AuthMethod, started.AuthorizationReference, started.ReservationId).ShouldBe((AuthorizationMethods.Command, "AUTH-R1", 4711));
        ChargePoint.Fold(charger, started).Reservations.ShouldBeEmpty();
    }

    [Fact]
    public void AnExpiredReservation_DoesNotVouch()
    {
        var charger = ChargePoint.Fold(Charger(), new ReservationRequested("CP1", 4711, "p:R1", "MSP-1", Now + Duration.FromMinutes(30), null,
            Guid.CreateVersion7(), Now));

        ChargerAuthorization.Decide(Token("NEVER"), charger, "MSP-1", Now + Duration.FromMinutes(31), 4711).Question.ShouldNotBeNull();
    }

    [Fact]
    public void AReservationForAnotherToken_DoesNotVouch()
    {
        var charger = ChargePoint.Fold(Charger(), new ReservationRequested("CP1", 4711, "p:R1", "MSP-2", Now + Duration.FromMinutes(30), null,
            Guid.CreateVersion7(), Now));

        ChargerAuthorization.Decide(Token("NEVER"), charger, "MSP-1", Now, 4711).Question.ShouldNotBeNull();
    }

    [Fact]
    public void ReservationStatusUpdate_EndsAReservationWeMade_AndIgnoresOthers()
    {
        var charger = ChargePoint.Fold(Charger(), new ReservationRequested("CP1", 4711, "p:R1", "MSP-1", Now + Duration.FromMinutes(30), null,
            Guid.CreateVersion7(), Now));

        var ended = Ocpp201Decisions.ReservationStatus(charger, new V201.ReservationStatusUpdateRequest(4711,
            V201.ReservationUpdateStatusEnumType.Expired), Now).ShouldBeOfType<ReservationEnded>();
        ended.Reason.ShouldBe("Expired");
        ChargePoint.Fold(charger, ended).Reservations.ShouldBeEmpty();
        Ocpp201Decisions.ReservationStatus(charger, new V201.ReservationStatusUpdateRequest(99,
            V201.ReservationUpdateStatusEnumType.Removed), Now).ShouldBeNull();
    }
}
