using System.Text.Json;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ocpi.Tokens;
using Shouldly;

namespace Roaming.Ocpi.Tests.Tokens;

/// <summary>How an e-MSP's AuthorizationInfo becomes the answer Ingest gives a charger.</summary>
public class RealTimeAnswerTests
{
    private static readonly AuthorizeTokenInRealTime Question = new("NL", "MSP", "RFID-1", "RFID", "LOC1", ["LOC1-E1", "LOC1-E2"], "CP1");

    private static TokenAuthorizedInRealTime Interpret(string info) => OnAuthorizeTokenInRealTime.Interpret(JsonDocument.Parse(info).RootElement, Question);

    [Theory]
    [InlineData("ALLOWED", RealTimeAuthorizationOutcomes.Allowed)]
    [InlineData("BLOCKED", RealTimeAuthorizationOutcomes.Blocked)]
    [InlineData("EXPIRED", RealTimeAuthorizationOutcomes.Expired)]
    [InlineData("NO_CREDIT", RealTimeAuthorizationOutcomes.NoCredit)]
    [InlineData("NOT_ALLOWED", RealTimeAuthorizationOutcomes.NotAllowed)]
    [InlineData("MAYBE", RealTimeAuthorizationOutcomes.NotAllowed)]
    public void TheAllowedValueIsTheOutcomeAndTheReferenceIsKept(string allowed, string outcome)
    {
        var answer = Interpret($$"""{"allowed":"{{allowed}}","token":{},"authorization_reference":"REF-1"}""");
        (answer.Outcome, answer.AuthorizationReference).ShouldBe((outcome, "REF-1"));
    }

    [Fact]
    public void AllowedOnlyAtOtherEvses_IsNotAllowedHere() =>
        Interpret("""{"allowed":"ALLOWED","token":{},"location":{"location_id":"LOC1","evse_uids":["LOC1-E9"]}}""").Outcome
            .ShouldBe(RealTimeAuthorizationOutcomes.NotAllowed);

    [Fact]
    public void AllowedAtOneOfTheChargersEvses_IsAllowed() =>
        Interpret("""{"allowed":"ALLOWED","token":{},"location":{"location_id":"LOC1","evse_uids":["LOC1-E2"]}}""").Outcome
            .ShouldBe(RealTimeAuthorizationOutcomes.Allowed);

    [Fact]
    public void AReferenceLongerThanOcpiAllows_IsDroppedSoSessionsStayValid()
    {
        var answer = Interpret($$"""{"allowed":"ALLOWED","token":{},"authorization_reference":"{{new string('x', 37)}}"}""");
        (answer.Outcome, answer.AuthorizationReference).ShouldBe((RealTimeAuthorizationOutcomes.Allowed, null));
        answer.Detail!.ShouldContain("37 characters");
    }
}
