using NodaTime;

namespace Roaming.Ochp.Client.Emsp;

/// <summary>
/// Where one recurring exchange with the clearing house stands: when it last succeeded, how many times in a row it
/// failed and when it may try again (the wait doubles from <c>RetryFirstDelay</c> up to <c>RetryMaxDelay</c>), so a
/// clearing house that is down for hours is neither hammered nor given up on. Kept as a document: the data the
/// exchanges move are events; this is only the pacing.
/// </summary>
public sealed record ClientSyncState(string Id, Instant? LastSuccessAt, int Failures, Instant? NextAttemptAt, string? LastProblem)
{
    public static ClientSyncState New(string id) => new(id, null, 0, null, null);

    public bool MayRun(Instant now) => NextAttemptAt is not { } next || next <= now;

    public ClientSyncState Succeeded(Instant now) => this with { LastSuccessAt = now, Failures = 0, NextAttemptAt = null, LastProblem = null };

    public ClientSyncState Failed(Instant now, string problem, Duration firstDelay, Duration maxDelay)
    {
        var failures = Failures + 1;
        var wait = firstDelay * Math.Pow(2, Math.Min(failures - 1, 30));
        return this with { Failures = failures, NextAttemptAt = now + (wait > maxDelay ? maxDelay : wait), LastProblem = problem };
    }
}
