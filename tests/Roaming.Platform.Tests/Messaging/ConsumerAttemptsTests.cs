using Roaming.Platform.Messaging;
using Shouldly;

namespace Roaming.Platform.Tests.Messaging;

/// <summary>The embedded bus's retries: how many attempts a consumer gets before its message is parked, and when none is parked.</summary>
public class ConsumerAttemptsTests
{
    private static readonly TimeSpan[] ThreeRetries = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero];

    [Theory]
    [InlineData(0, 1, false)] // succeeds at once
    [InlineData(2, 3, false)] // a transient fault: the third attempt succeeds, nothing parked
    [InlineData(3, 4, false)] // the last attempt succeeds
    [InlineData(4, 4, true)] // fails every attempt: parked after 1 + 3 retries
    [InlineData(100, 4, true)]
    public async Task a_consumer_gets_one_attempt_plus_one_per_interval(int failuresBeforeSuccess, int expectedAttempts, bool parked)
    {
        var attempts = 0;
        var failure = await ConsumerAttempts.Run(() =>
        {
            attempts++;
            return attempts <= failuresBeforeSuccess ? Task.FromException(new InvalidOperationException($"attempt {attempts}")) : Task.CompletedTask;
        }, ThreeRetries, CancellationToken.None);

        attempts.ShouldBe(expectedAttempts);
        (failure is not null).ShouldBe(parked);
        if (failure is { } failed)
        {
            failed.Attempts.ShouldBe(expectedAttempts);
            failed.Exception.Message.ShouldBe($"attempt {expectedAttempts}", "the last failure is the one recorded");
        }
    }

    [Fact]
    public async Task a_failure_while_the_host_stops_propagates_instead_of_parking()
    {
        using var stopping = new CancellationTokenSource();
        var attempts = 0;
        await Should.ThrowAsync<ObjectDisposedException>(() => ConsumerAttempts.Run(() =>
        {
            attempts++;
            stopping.Cancel();
            throw new ObjectDisposedException("store");
        }, ThreeRetries, stopping.Token));
        attempts.ShouldBe(1, "no retries once stopping");
    }
}
