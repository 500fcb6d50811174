using NodaTime;

namespace Roaming.Ingest.Connections;

/// <summary>
/// Per-connection rate limit on inbound CALLs. Pure: the caller passes the time. A CALL over the limit is not refused but
/// delayed (<see cref="Take"/> returns how long): a charger has one CALL outstanding at a time, so delaying the answer
/// slows it down without losing anything, whereas a CALLERROR on a transaction message would only make it retry.
/// </summary>
public sealed record TokenBucket(double Tokens, Instant UpdatedAt)
{
    public static TokenBucket Full(int burst, Instant now) => new(burst, now);

    /// <param name="perSecond">Refill rate; 0 or less means unlimited.</param>
    /// <returns>The bucket after taking one token, and how long to wait before serving the call (zero when a token was there).
    /// Tokens may go negative: calls that keep coming queue up behind each other.</returns>
    public (TokenBucket Next, Duration Wait) Take(Instant now, double perSecond, int burst)
    {
        if (perSecond <= 0)
            return (this, Duration.Zero);
        var elapsed = Math.Max(0, (now - UpdatedAt).TotalSeconds);
        var tokens = Math.Min(burst, Tokens + elapsed * perSecond) - 1;
        var wait = tokens >= 0 ? Duration.Zero : Duration.FromSeconds(-tokens / perSecond);
        return (new TokenBucket(tokens, now), wait);
    }
}
