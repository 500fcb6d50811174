using NodaTime;
using Roaming.Ingest.Authorizing;
using Roaming.Ingest.ChargePoints;
using Shouldly;

namespace Roaming.Ingest.Tests.Authorizing;

public class RemoteStartAuthorizationTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static ChargePoint AskedToStartFor(string idTag) =>
        ChargePoint.Fold(new ChargePoint { Id = "CP1" }, new RemoteStartRequested("CP1", Guid.CreateVersion7(), idTag, Now));

    [Fact]
    public void GivenRemoteStartForAnUnknownToken_WhenTheChargerStarts_ThenAccepted() =>
        ChargerAuthorization.StatusOf(null, AskedToStartFor("MSP-1"), "MSP-1", Now + Duration.FromSeconds(5)).ShouldBe("Accepted");

    [Fact]
    public void GivenRemoteStartLongAgo_WhenTheChargerStarts_ThenTheTokenIsUnknownAgain() =>
        ChargerAuthorization.StatusOf(null, AskedToStartFor("MSP-1"), "MSP-1", Now + Duration.FromMinutes(11)).ShouldBe("Invalid");

    [Fact]
    public void GivenRemoteStartForAnotherToken_WhenTheChargerStarts_ThenInvalid() =>
        ChargerAuthorization.StatusOf(null, AskedToStartFor("MSP-1"), "MSP-2", Now).ShouldBe("Invalid");

    [Fact]
    public void GivenKnownBlockedToken_WhenRemotelyStarted_ThenItStaysBlocked() =>
        ChargerAuthorization.StatusOf(new KnownToken("MSP-1", "NL", "MSP", "NL-MSP-C1", "Blocked", Now), AskedToStartFor("MSP-1"), "MSP-1", Now).ShouldBe("Blocked");
}
