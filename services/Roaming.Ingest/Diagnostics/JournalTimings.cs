using System.Diagnostics;

namespace Roaming.Ingest.Diagnostics;

/// <summary>
/// Where an answer's wait goes inside the frame journal, counted since the process started: how long entries queue on
/// their lane before the commit that carries them starts, and how long commits take. Cumulative bucket counts, so a
/// reader takes two readings and subtracts (the load driver does, <c>ocpp-load</c>); recording is two interlocked
/// increments per commit and one per entry.
/// </summary>
public sealed class JournalTimings
{
    /// <summary>Upper bounds of the buckets in milliseconds; the last bucket holds everything above the last bound.</summary>
    public static readonly double[] BoundsMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private readonly long[] _queueWait = new long[BoundsMs.Length + 1];
    private readonly long[] _commit = new long[BoundsMs.Length + 1];
    private long _commits;
    private long _entries;
    private long _commitTicks;
    private long _pendingWorkItemsAtCommitSum;
    private long _pendingWorkItemsAtCommitMax;

    public void EntryWaited(long enqueuedAt, long commitStartedAt)
    {
        Interlocked.Increment(ref _queueWait[Bucket(Stopwatch.GetElapsedTime(enqueuedAt, commitStartedAt))]);
        Interlocked.Increment(ref _entries);
    }

    /// <summary>A commit is starting; the thread pool's backlog at that moment says whether answers wait for threads.</summary>
    public void CommitStarting()
    {
        var pending = ThreadPool.PendingWorkItemCount;
        Interlocked.Add(ref _pendingWorkItemsAtCommitSum, pending);
        long max;
        while (pending > (max = Interlocked.Read(ref _pendingWorkItemsAtCommitMax)) &&
               Interlocked.CompareExchange(ref _pendingWorkItemsAtCommitMax, pending, max) != max) { }
    }

    public void Committed(long startedAt)
    {
        var took = Stopwatch.GetElapsedTime(startedAt);
        Interlocked.Increment(ref _commit[Bucket(took)]);
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _commitTicks, took.Ticks);
    }

    public JournalTimingsReading Read() => new(
        Interlocked.Read(ref _commits), Interlocked.Read(ref _entries), TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks)).TotalMilliseconds,
        (long[])_queueWait.Clone(), (long[])_commit.Clone(),
        Interlocked.Read(ref _pendingWorkItemsAtCommitSum), Interlocked.Read(ref _pendingWorkItemsAtCommitMax));

    private static int Bucket(TimeSpan elapsed)
    {
        // A plain loop: this runs for every journal entry, and a lambda capturing ms would allocate each time.
        var ms = elapsed.TotalMilliseconds;
        for (var index = 0; index < BoundsMs.Length; index++)
            if (ms <= BoundsMs[index])
                return index;
        return BoundsMs.Length;
    }
}

/// <summary>Cumulative journal counters at one moment (see <see cref="JournalTimings"/>).</summary>
public sealed record JournalTimingsReading(
    long Commits, long Entries, double CommitMsTotal, long[] QueueWaitBuckets, long[] CommitBuckets,
    long PendingWorkItemsAtCommitSum, long PendingWorkItemsAtCommitMax);
