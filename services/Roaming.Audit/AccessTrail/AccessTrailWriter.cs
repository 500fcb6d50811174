using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Roaming.Platform.Marten;

namespace Roaming.Audit.AccessTrail;

/// <summary>
/// Group commit of the access trail: calls recorded while a commit is in flight (or within
/// <see cref="MaxDelay"/> of the first) share the next commit, at most <see cref="MaxBatch"/> per commit. Every
/// caller awaits the commit of its own record, so an answered call is a recorded call and a kill -9 loses only calls
/// that were not answered yet. On shutdown the queue is drained; calls answered after that commit one at a time.
/// </summary>
public sealed class AccessTrailWriter(IAuditStore audit, ILogger<AccessTrailWriter> logger) : BackgroundService
{
    public const int MaxBatch = 512;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(5);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(ApiCallRecorded Call, TaskCompletionSource Committed);

    /// <summary>Completes once the call is committed to the audit store (or faults when the commit failed).</summary>
    public async Task Record(ApiCallRecorded call)
    {
        var pending = new Pending(call, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        // The web server drains its last calls after this service stopped: those commit one by one.
        if (!_queue.Writer.TryWrite(pending))
            await Commit([pending]);
        await pending.Committed.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        // Not stoppingToken: on shutdown the loop ends when the closed queue is empty, never with records left unwritten.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            using (var window = new CancellationTokenSource(MaxDelay))
            {
                while (batch.Count < MaxBatch)
                {
                    if (_queue.Reader.TryRead(out var pending))
                    {
                        batch.Add(pending);
                        continue;
                    }
                    try
                    {
                        if (!await _queue.Reader.WaitToReadAsync(window.Token))
                            break;
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
            await Commit(batch);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task Commit(IReadOnlyList<Pending> batch)
    {
        try
        {
            await using var session = audit.LightweightSession();
            foreach (var (call, _) in batch)
            {
                var appended = session.Events.Append(ApiCallRecorded.StreamKey(call.At), call).Events[^1];
                appended.SetHeader(EventContext.ActorHeader, call.Actor);
                appended.SetHeader(EventContext.ReceivedAtHeader, call.At.ToString());
                appended.CorrelationId = call.TraceId;
            }
            await session.SaveChangesAsync(CancellationToken.None);
            foreach (var pending in batch)
                pending.Committed.TrySetResult();
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not commit {Count} access trail record(s)", batch.Count);
            foreach (var pending in batch)
                pending.Committed.TrySetException(exception);
        }
    }
}
