using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Hub.Traffic;

/// <summary>
/// Records the hub's traffic with a group commit: calls from all platforms are appended in one transaction per batch, as
/// events of one new stream, so a record costs one event row and a share of one commit instead of a stream, an event and a
/// commit. <see cref="Writers"/> batches commit at the same time (the next batch gathers and goes while one waits for its
/// commit), so a call waits for about one commit, not for one and a half. <see cref="Record"/> completes after the commit:
/// the hub answers a call only once its record is durable.
/// </summary>
public sealed class HubTrafficLog(IOcpiStore store, ILogger<HubTrafficLog> logger) : BackgroundService
{
    private const int MaxBatch = 500;

    /// <summary>Group commits in flight at once: two keep the database busy while one batch gathers, more only add connections.</summary>
    private const int Writers = 2;

    private readonly Channel<(HubTrafficRecorded Entry, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(HubTrafficRecorded, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = false });

    /// <summary>Appends the record (attributed to <c>partner:{platform}</c>); completes once it is committed.</summary>
    public Task Record(HubTrafficRecorded entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((entry, done)))
            done.SetException(new InvalidOperationException("the hub traffic log is stopped"));
        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Write(stoppingToken)));
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
            left.Done.TrySetException(new OperationCanceledException("shutting down"));
    }

    private async Task Write(CancellationToken stoppingToken)
    {
        var batch = new List<(HubTrafficRecorded Entry, TaskCompletionSource Done)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                    batch.Add(item);
                if (batch.Count == 0)
                    continue; // the other writer took them
                await Commit(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task Commit(IReadOnlyList<(HubTrafficRecorded Entry, TaskCompletionSource Done)> batch)
    {
        try
        {
            await Append(batch.Select(b => b.Entry));
            foreach (var (_, done) in batch)
                done.TrySetResult();
        }
        catch (Exception failure)
        {
            // One bad record must not lose the others: each is tried on its own.
            logger.LogWarning(failure, "Recording {Count} hub calls failed; recording them one by one", batch.Count);
            foreach (var (entry, done) in batch)
            {
                try
                {
                    await Append([entry]);
                    done.TrySetResult();
                }
                catch (Exception single)
                {
                    logger.LogError(single, "Could not record hub call {RequestId} of platform {Platform}", entry.RequestId, entry.PlatformId);
                    done.TrySetException(single);
                }
            }
        }
    }

    private async Task Append(IEnumerable<HubTrafficRecorded> entries)
    {
        await using var session = store.LightweightSession();
        session.Events.StartStream(HubTrafficRecorded.NewStream(), entries
            .Select(entry => (object)session.Stamped(entry, new EventContext($"partner:{entry.PlatformId}", entry.At, entry.CorrelationId))).ToArray());
        await session.SaveChangesAsync();
    }
}
