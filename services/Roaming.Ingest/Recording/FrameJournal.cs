using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Connections;
using Roaming.Ingest.Diagnostics;
using Roaming.Platform.Marten;

namespace Roaming.Ingest.Recording;

/// <summary>One charger's atomic record: the frames of one exchange and the facts derived from them.</summary>
/// <param name="Actor">Who caused the facts when it was not the charger itself (a sweep, a command); null = the charger.</param>
/// <param name="State">
/// The charger's state after <paramref name="Facts"/>, stored as its snapshot in the same commit (null: not stored; readers
/// fold the facts the snapshot lacks, see <see cref="ChargePointSnapshots"/>). The writer already holds that state, so no
/// commit reloads and refolds it; its registration fields are not stored.
/// </param>
public sealed record JournalEntry(string ChargePointId, IReadOnlyList<OcppFrameRecorded> Frames, IReadOnlyList<object> Facts, Instant ReceivedAt, string? Actor = null,
    ChargePoint? State = null);

/// <summary>
/// Group commit: entries from all connections are appended in one transaction per batch, so durability costs one
/// commit per batch instead of one per frame. <see cref="Record"/> completes only after the commit, which is what
/// lets a connection answer a charger only once its frame is durable. An entry's facts and frames commit together.
/// <para>
/// Batches commit on <see cref="IngestLimits.JournalLanes"/> lanes at once. A charger always goes to the same lane
/// (by its id), so no two commits in flight ever append to the same stream (no version conflicts with Quick appends)
/// and a charger's entries keep their order; while one lane waits for PostgreSQL the others build and send theirs.
/// </para>
/// </summary>
public sealed class FrameJournal : BackgroundService
{
    private const int MaxBatch = 512;
    private static readonly Meter Meter = new("Roaming.Ingest");
    private static readonly Counter<long> FramesRecorded = Meter.CreateCounter<long>("roaming.ingest.frames_recorded");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("roaming.ingest.journal_batch_size");

    private readonly IIngestStore _store;
    private readonly ILogger<FrameJournal> _logger;
    private readonly Channel<(JournalEntry Entry, TaskCompletionSource Done, long EnqueuedAt)>[] _lanes;
    private readonly TimeSpan _linger;
    private readonly JournalTimings _timings;

    public FrameJournal(IIngestStore store, IOptions<IngestLimits> limits, JournalTimings timings, ILogger<FrameJournal> logger)
    {
        _store = store;
        _timings = timings;
        _logger = logger;
        _linger = limits.Value.JournalLinger;
        _lanes = Enumerable.Range(0, Math.Max(1, limits.Value.JournalLanes))
            .Select(_ => Channel.CreateUnbounded<(JournalEntry, TaskCompletionSource, long)>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
    }

    public Task Record(JournalEntry entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!LaneOf(entry.ChargePointId).Writer.TryWrite((entry, done, Stopwatch.GetTimestamp())))
            done.SetException(new InvalidOperationException("the frame journal is stopped"));
        return done.Task;
    }

    private Channel<(JournalEntry Entry, TaskCompletionSource Done, long EnqueuedAt)> LaneOf(string chargePointId) =>
        _lanes[(uint)StringComparer.Ordinal.GetHashCode(chargePointId) % (uint)_lanes.Length];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => Task.Run(() => CommitLane(lane.Reader, stoppingToken), CancellationToken.None)));

    private async Task CommitLane(ChannelReader<(JournalEntry Entry, TaskCompletionSource Done, long EnqueuedAt)> reader, CancellationToken stoppingToken)
    {
        var batch = new List<(JournalEntry Entry, TaskCompletionSource Done, long EnqueuedAt)>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                    batch.Add(item);
                if (_linger > TimeSpan.Zero && batch.Count < MaxBatch)
                {
                    await Task.Delay(_linger, stoppingToken);
                    while (batch.Count < MaxBatch && reader.TryRead(out var item))
                        batch.Add(item);
                }
                await Commit(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Entries still queued at shutdown were never acknowledged to a charger; fail them so their connections answer InternalError.
        while (reader.TryRead(out var left))
            left.Done.TrySetException(new OperationCanceledException("shutting down"));
    }

    private async Task Commit(List<(JournalEntry Entry, TaskCompletionSource Done, long EnqueuedAt)> batch)
    {
        var startedAt = Stopwatch.GetTimestamp();
        _timings.CommitStarting();
        foreach (var item in batch)
            _timings.EntryWaited(item.EnqueuedAt, startedAt);
        try
        {
            await Append(batch.Select(b => b.Entry));
            _timings.Committed(startedAt);
            foreach (var (_, done, _) in batch)
                done.TrySetResult();
            BatchSize.Record(batch.Count);
            FramesRecorded.Add(batch.Sum(b => b.Entry.Frames.Count));
        }
        catch (Exception batchFailure) when (batch.Count > 1)
        {
            // One bad entry must not fail the others: retry each on its own.
            _logger.LogWarning(batchFailure, "Group commit of {Count} entries failed; retrying them one by one", batch.Count);
            foreach (var item in batch)
            {
                try
                {
                    await Append([item.Entry]);
                    item.Done.TrySetResult();
                }
                catch (Exception failure)
                {
                    _logger.LogError(failure, "Could not record frames of {ChargePoint}", item.Entry.ChargePointId);
                    item.Done.TrySetException(failure);
                }
            }
        }
        catch (Exception failure)
        {
            _logger.LogError(failure, "Could not record frames of {ChargePoint}", batch[0].Entry.ChargePointId);
            batch[0].Done.TrySetException(failure);
        }
    }

    private async Task Append(IEnumerable<JournalEntry> entries)
    {
        await using var session = _store.LightweightSession();
        foreach (var entry in entries)
        {
            var actor = entry.Actor is null ? EventContext.ChargePoint(entry.ChargePointId, entry.ReceivedAt) : new EventContext(entry.Actor, entry.ReceivedAt);
            var facts = entry.Facts.Select(fact => Stamped(session, fact, actor)).ToArray();
            if (facts.Length > 0)
                session.Events.Append(entry.ChargePointId, facts);
            // The snapshot names the last fact it includes (its id is ours, set before the commit), so a reader folds the later ones.
            if (entry.State is not null)
                session.Store(entry.State.WithoutRegistration() with { ThroughEventId = facts.Length > 0 ? facts[^1].Id : entry.State.ThroughEventId });
            if (entry.Frames.Count > 0)
                session.Events.Append(FrameStreams.For(entry.ChargePointId), entry.Frames.Select(frame => (object)Stamped(session, frame, actor)).ToArray());
        }
        await session.SaveChangesAsync();
    }

    private static IEvent Stamped(IDocumentSession session, object data, EventContext context)
    {
        var stored = session.Events.BuildEvent(data);
        stored.Id = Guid.CreateVersion7();
        stored.SetHeader(EventContext.ActorHeader, context.Actor);
        stored.SetHeader(EventContext.ReceivedAtHeader, context.ReceivedAt.ToString());
        return stored;
    }
}
