using NodaTime;
using Roaming.Ingest.Connections;
using Shouldly;

namespace Roaming.Ingest.Tests.Connections;

public class TokenBucketTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    [Fact]
    public void GivenFullBucket_WhenABurstArrives_ThenServedAtOnceUpToTheBurst()
    {
        var bucket = TokenBucket.Full(3, Now);
        for (var i = 0; i < 3; i++)
        {
            (bucket, var wait) = bucket.Take(Now, perSecond: 1, burst: 3);
            wait.ShouldBe(Duration.Zero);
        }
    }

    [Fact]
    public void GivenEmptyBucket_WhenCallsKeepComingAtOnce_ThenEachWaitsOneIntervalLongerThanTheLast()
    {
        var bucket = TokenBucket.Full(1, Now);
        (bucket, _) = bucket.Take(Now, 2, 1);

        (bucket, var first) = bucket.Take(Now, 2, 1);
        (_, var second) = bucket.Take(Now, 2, 1);

        first.ShouldBe(Duration.FromMilliseconds(500));
        second.ShouldBe(Duration.FromSeconds(1));
    }

    [Fact]
    public void GivenEmptyBucket_WhenTimePasses_ThenItRefillsButNotBeyondTheBurst()
    {
        var bucket = TokenBucket.Full(2, Now);
        (bucket, _) = bucket.Take(Now, 1, 2);
        (bucket, _) = bucket.Take(Now, 1, 2);

        var later = Now + Duration.FromHours(1);
        (bucket, var a) = bucket.Take(later, 1, 2);
        (bucket, var b) = bucket.Take(later, 1, 2);
        (_, var c) = bucket.Take(later, 1, 2);

        a.ShouldBe(Duration.Zero);
        b.ShouldBe(Duration.Zero);
        c.ShouldBe(Duration.FromSeconds(1));
    }

    [Fact]
    public void GivenNoLimit_WhenTaking_ThenNeverWaits() =>
        TokenBucket.Full(0, Now).Take(Now, perSecond: 0, burst: 0).Wait.ShouldBe(Duration.Zero);
}
