using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Transport;
using Shouldly;

namespace Roaming.Ocpi.Tests.Pushing;

public class DeliveryPolicyTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly RetryTimings Timings = new(Duration.FromSeconds(1), Duration.FromMinutes(5), Duration.FromDays(3));
    private static readonly Delivery Queued = new("p/cdr", "p", "cdrs", "POST", "https://emsp.example/cdrs", "{}", "NL", "MSP",
        DeliveryStatus.Queued, 0, Now, Now, null, null);

    private static OcpiAnswer Http(int status, string body = "") => OcpiClient.Read((HttpStatusCode)status, body);

    private static OcpiAnswer Ocpi(int statusCode) => Http(200, $$"""{"status_code":{{statusCode}},"status_message":"m","timestamp":"2026-11-24T10:00:00Z"}""");

    private static readonly OcpiAnswer NoAnswer = new(null, null, null, null, "Connection refused (127.0.0.1:1)");

    public static TheoryData<string, OcpiAnswer, Verdict> Answers => new()
    {
        { "connection refused / timeout", NoAnswer, Verdict.PartnerUnreachable },
        { "HTTP 408", Http(408), Verdict.PartnerUnreachable },
        { "HTTP 429", Http(429), Verdict.PartnerUnreachable },
        { "HTTP 502", Http(502), Verdict.PartnerUnreachable },
        { "HTTP 503", Http(503), Verdict.PartnerUnreachable },
        { "HTTP 504", Http(504), Verdict.PartnerUnreachable },
        { "HTTP 500", Http(500), Verdict.RetryLater },
        { "HTTP 500 with an OCPI 2001 body", Http(500, """{"status_code":2001}"""), Verdict.RetryLater },
        { "HTTP 400", Http(400, """{"status_code":2001,"status_message":"bad"}"""), Verdict.Rejected },
        { "HTTP 401 (our token not stored yet, or mid-rotation)", Http(401), Verdict.RetryLater },
        { "HTTP 403", Http(403), Verdict.Rejected },
        { "HTTP 404", Http(404), Verdict.Rejected },
        { "HTTP 405", Http(405), Verdict.Rejected },
        { "HTTP 413", Http(413), Verdict.Rejected },
        { "HTTP 200 without an envelope", Http(200), Verdict.Delivered },
        { "HTTP 201 OCPI 1000", Ocpi(1000) with { HttpStatus = HttpStatusCode.Created }, Verdict.Delivered },
        { "OCPI 1000", Ocpi(1000), Verdict.Delivered },
        { "OCPI 1901 (custom success)", Ocpi(1901), Verdict.Delivered },
        { "OCPI 2000", Ocpi(2000), Verdict.Rejected },
        { "OCPI 2001", Ocpi(2001), Verdict.Rejected },
        { "OCPI 2003 unknown location", Ocpi(2003), Verdict.Rejected },
        { "OCPI 3000 generic server error", Ocpi(3000), Verdict.RetryLater },
        { "OCPI 3001 unable to use our API", Ocpi(3001), Verdict.Rejected },
        { "OCPI 3002 unsupported version", Ocpi(3002), Verdict.Rejected },
        { "OCPI 3003 no matching endpoints", Ocpi(3003), Verdict.Rejected },
        { "OCPI 3901 (custom server error)", Ocpi(3901), Verdict.RetryLater },
        { "OCPI 4000 hub generic error", Ocpi(4000), Verdict.RetryLater },
        { "OCPI 4001 unknown receiver", Ocpi(4001), Verdict.Rejected },
        { "OCPI 4002 forwarded request timed out", Ocpi(4002), Verdict.RetryLater },
        { "OCPI 4003 receiver not connected", Ocpi(4003), Verdict.RetryLater },
        { "OCPI 0 (not a code)", Ocpi(0), Verdict.Rejected },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void EveryAnswerHasOneVerdict(string answer, OcpiAnswer ocpiAnswer, Verdict verdict) =>
        DeliveryPolicy.Judge(ocpiAnswer).ShouldBe(verdict, answer);

    [Theory]
    [InlineData(200, DeliveryStatus.Delivered)]
    [InlineData(400, DeliveryStatus.Rejected)]
    [InlineData(503, DeliveryStatus.Retrying)]
    [InlineData(500, DeliveryStatus.Retrying)]
    public void TheVerdictSetsTheState(int http, string status)
    {
        var next = DeliveryPolicy.After(Queued, Http(http, "{}"), Now, Timings, 0.5);
        next.Status.ShouldBe(status);
        next.Attempts.ShouldBe(1);
        next.LastAnswer.ShouldStartWith($"HTTP {http}");
        (next.FinishedAt is null).ShouldBe(status == DeliveryStatus.Retrying);
    }

    [Fact]
    public void ARejectionKeepsThePartnersMessage()
    {
        var next = DeliveryPolicy.After(Queued, OcpiClient.Read(HttpStatusCode.OK, """{"status_code":2001,"status_message":"bad"}"""), Now, Timings, 0);
        next.Status.ShouldBe(DeliveryStatus.Rejected);
        next.LastAnswer.ShouldBe("HTTP 200 status_code 2001 bad");
    }

    [Theory]
    [InlineData(1, 0.0, 0.5)]
    [InlineData(1, 0.999999, 1)]
    [InlineData(2, 0.0, 1)]
    [InlineData(3, 0.0, 2)]
    [InlineData(9, 0.0, 128)]
    [InlineData(10, 0.0, 150)]
    [InlineData(10, 0.999999, 300)]
    [InlineData(500, 0.0, 150)]
    public void BackoffDoublesUpToTheLongestWaitWithJitterInItsUpperHalf(int attempts, double jitter, double seconds) =>
        DeliveryPolicy.Backoff(attempts, Timings, jitter).TotalSeconds.ShouldBe(seconds, 0.001);

    [Property(MaxTest = 500)]
    public Property BackoffNeverExceedsTheLongestWaitNorFallsBelowHalfTheExponentialStep() => Prop.ForAll(
        Gen.Choose(1, 10_000).ToArbitrary(), Gen.Choose(0, 999).ToArbitrary(), (attempts, permille) =>
        {
            var wait = DeliveryPolicy.Backoff(attempts, Timings, permille / 1000.0);
            var step = Math.Min(Math.Pow(2, Math.Min(attempts - 1, 62)), 300);
            return wait <= Timings.MaxRetryInterval && wait.TotalSeconds >= step / 2 - 0.000001 && wait.TotalSeconds <= step + 0.000001;
        });

    [Property(MaxTest = 300)]
    public Property AnUnreachablePartnerIsRetriedUntilTheCeilingThenExpiredNeverLater() => Prop.ForAll(
        Gen.Choose(0, 999).ListOf().Where(l => l.Count > 0).ToArbitrary(), jitters =>
        {
            // Attempts at each scheduled time: every retry is before or at the ceiling, and the first one at it expires.
            var delivery = Queued;
            var now = Now;
            var giveUpAt = Now + Timings.GiveUpAfter;
            for (var i = 0; delivery.Status != DeliveryStatus.Expired; i++)
            {
                delivery = DeliveryPolicy.After(delivery, NoAnswer, now, Timings, jitters[i % jitters.Count] / 1000.0);
                if (delivery.Status == DeliveryStatus.Expired)
                    return now == giveUpAt && delivery.FinishedAt == giveUpAt;
                if (delivery.Status != DeliveryStatus.Retrying || delivery.NextAttemptAt > giveUpAt || delivery.NextAttemptAt <= now ||
                    delivery.NextAttemptAt - now > Timings.MaxRetryInterval)
                    return false;
                now = delivery.NextAttemptAt;
            }
            return false;
        });

    [Property(MaxTest = 300)]
    public Property APartnerBackAfterAnOutageShorterThanTheCeilingGetsThePushWithinTheLongestWait() => Prop.ForAll(
        Gen.Choose(1, 72 * 60).ToArbitrary(), Gen.Choose(0, 999).ListOf().Where(l => l.Count > 0).ToArbitrary(), (outageMinutes, jitters) =>
        {
            // The partner is unreachable for the outage (e.g. 30 minutes, or hours), then answers: the push is delivered
            // at the first attempt after it returned, and that attempt is at most the longest wait after its return.
            var back = Now + Duration.FromMinutes(outageMinutes);
            var delivery = Queued;
            var now = Now;
            for (var i = 0; ; i++)
            {
                var answer = now < back ? NoAnswer : Ocpi(1000);
                delivery = DeliveryPolicy.After(delivery, answer, now, Timings, jitters[i % jitters.Count] / 1000.0);
                if (delivery.Status == DeliveryStatus.Delivered)
                    return now >= back && now - back <= Timings.MaxRetryInterval;
                if (delivery.Status != DeliveryStatus.Retrying)
                    return false;
                now = delivery.NextAttemptAt;
            }
        });

    [Fact]
    public void RetryAfterIsHonouredWhenLongerThanTheBackoff()
    {
        var asked = Http(429) with { RetryAfter = TimeSpan.FromMinutes(2) };
        DeliveryPolicy.After(Queued, asked, Now, Timings, 0).NextAttemptAt.ShouldBe(Now + Duration.FromMinutes(2));
        var shorter = Http(503) with { RetryAfter = TimeSpan.FromMilliseconds(1) };
        DeliveryPolicy.After(Queued, shorter, Now, Timings, 0).NextAttemptAt.ShouldBe(Now + Duration.FromMilliseconds(500));
    }

    [Fact]
    public void AResendQueuesAgainWithAFreshCeilingAndTheActor()
    {
        var expired = DeliveryPolicy.After(Queued, NoAnswer, Now + Timings.GiveUpAfter, Timings, 0);
        expired.Status.ShouldBe(DeliveryStatus.Expired);
        var later = Now + Duration.FromDays(5);
        var requeued = DeliveryPolicy.Requeue(expired, later, "operator");
        (requeued.Status, requeued.Attempts, requeued.NextAttemptAt, requeued.FinishedAt, requeued.RequeuedBy)
            .ShouldBe((DeliveryStatus.Queued, 0, later, (Instant?)null, "operator"));
        DeliveryPolicy.GiveUpAt(requeued, Timings).ShouldBe(later + Timings.GiveUpAfter);
        DeliveryPolicy.After(requeued, NoAnswer, later, Timings, 0).Status.ShouldBe(DeliveryStatus.Retrying);
    }
}
