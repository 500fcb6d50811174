using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Hub.Traffic;

/// <summary>
/// Records the hub's traffic with a group commit: calls from all platforms are appended in one transaction per batch, one
/// after the other (the next batch gathers while one commits), so a record costs a share of one commit instead of one
/// commit. <see cref="Record"/> completes after the commit: the hub answers a call only once its record is durable.
/// </summary>
public sealed class HubTrafficLog(IOcpiStore store, ILogger<HubTrafficLog> logger) : BackgroundService
{
    private const int MaxBatch = 500;

    private readonly Channel<(HubTrafficRecorded Entry, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(HubTrafficRecorded, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

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
        var batch = new List<(HubTrafficRecorded Entry, TaskCompletionSource Done)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                    batch.Add(item);
                await Commit(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
            left.Done.TrySetException(new OperationCanceledException("shutting down"));
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
        foreach (var entry in entries)
            session.Events.StartStream(HubTrafficRecorded.NewStream(),
                session.Stamped(entry, new EventContext($"partner:{entry.PlatformId}", entry.At, entry.CorrelationId)));
        await session.SaveChangesAsync();
    }
}
