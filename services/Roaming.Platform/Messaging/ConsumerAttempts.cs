namespace Roaming.Platform.Messaging;

/// <summary>A consumer's last failure after all its attempts on the embedded bus.</summary>
public readonly record struct ConsumerFailure(Exception Exception, int Attempts);

/// <summary>The embedded bus's retries, for per-message consumers (the parking filter) and batch consumers alike.</summary>
public static class ConsumerAttempts
{
    /// <summary>
    /// Runs <paramref name="consume"/>, and after a failure again once per interval. Null when an attempt succeeded.
    /// A failure while <paramref name="cancellationToken"/> is cancelled (shutdown) is no failure of the message: it
    /// propagates, so the outbox checkpoint stays before the message and the next start delivers it again.
    /// </summary>
    public static async Task<ConsumerFailure?> Run(Func<Task> consume, IReadOnlyList<TimeSpan> intervals, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await consume();
                return null;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt > intervals.Count)
                    return new ConsumerFailure(exception, attempt);
                await Task.Delay(intervals[attempt - 1], cancellationToken);
            }
        }
    }
}
