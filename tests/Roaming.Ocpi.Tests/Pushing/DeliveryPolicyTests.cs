using System.Net;
using NodaTime;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Transport;
using Shouldly;

namespace Roaming.Ocpi.Tests.Pushing;

public class DeliveryPolicyTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly Delivery Pending = new("p/cdr", "p", "cdrs", "POST", "https://emsp.example/cdrs", "{}", "NL", "MSP",
        DeliveryStatus.Pending, 0, Now, Now, null, null);

    [Fact]
    public void GivenAnAcknowledgement_ThenDeliveredAndNeverSentAgain() =>
        DeliveryPolicy.After(Pending, OcpiClient.Read(HttpStatusCode.Created, """{"status_code":1000,"timestamp":"2026-11-24T10:00:00Z"}"""), Now)
            .Status.ShouldBe(DeliveryStatus.Delivered);

    [Fact]
    public void GivenANetworkError_ThenRetriedWithBackoff()
    {
        var next = DeliveryPolicy.After(Pending, new OcpiAnswer(null, null, null, null, "connection refused"), Now);
        next.Status.ShouldBe(DeliveryStatus.Pending);
        next.NextAttemptAt.ShouldBe(Now + Duration.FromSeconds(1));
        DeliveryPolicy.After(next, new OcpiAnswer(HttpStatusCode.BadGateway, null, null, null, ""), Now).NextAttemptAt.ShouldBe(Now + Duration.FromSeconds(2));
    }

    [Fact]
    public void GivenAnOcpiLevelRefusal_ThenFailedWithTheAnswerAndNoRetry()
    {
        var next = DeliveryPolicy.After(Pending, OcpiClient.Read(HttpStatusCode.OK, """{"status_code":2001,"status_message":"bad"}"""), Now);
        next.Status.ShouldBe(DeliveryStatus.Failed);
        next.LastAnswer.ShouldBe("HTTP 200 status_code 2001 bad");
    }

    [Fact]
    public void GivenTooManyTransientFailures_ThenFailed()
    {
        var delivery = Pending;
        for (var i = 0; i < DeliveryPolicy.MaxAttempts; i++)
            delivery = DeliveryPolicy.After(delivery, new OcpiAnswer(HttpStatusCode.ServiceUnavailable, null, null, null, ""), Now);
        delivery.Status.ShouldBe(DeliveryStatus.Failed);
        delivery.Attempts.ShouldBe(DeliveryPolicy.MaxAttempts);
    }
}
