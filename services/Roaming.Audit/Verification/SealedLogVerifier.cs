using System.Diagnostics;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Verification;

/// <summary>What one verification run looks at; the live database and an exported bundle both produce one.</summary>
public sealed record VerificationInput(
    string Service,
    MerkleFrontier FrontierBeforeFirstLeaf,
    IAsyncEnumerable<SealedLeaves.Leaf> Leaves,
    IAsyncEnumerable<HashedEvent[]> Events,
    long EventsEndIndex,
    IReadOnlyList<CheckpointSigned> Checkpoints,
    IReadOnlyList<AuditPublicKey> Keys,
    bool EventsAfterLastLeafAreUnsealed);

/// <summary>Where a run stood at a clean point (no event waiting to be placed): enough to go on from the next leaf.</summary>
public sealed record VerifierState(
    long FirstIndex,
    long FrontierSize,
    IReadOnlyList<string> Frontier,
    long LastSequence,
    long EventsChecked,
    int CheckpointsVerified,
    long Covered,
    IReadOnlyList<Finding> Findings,
    long LeavesConsumed,
    long NextLeafIndex,
    long EventsConsumed);

/// <summary>
/// Resuming: <see cref="From"/> is the state the inputs were positioned after (null for a fresh run); <see cref="Save"/>
/// receives a state at most every <see cref="Every"/> positions, at clean points only.
/// </summary>
public sealed record VerificationResume(VerifierState? From, Func<VerifierState, Task> Save, long Every = 1 << 16);

/// <summary>
/// Walks the sealed positions and the events side by side (both in sequence order) and recomputes the tree:
/// <list type="bullet">
/// <item>an event whose recomputed leaf differs from the sealed one is <see cref="FindingKind.Changed"/>;</item>
/// <item>a sealed position without its event is <see cref="FindingKind.Missing"/>, or <see cref="FindingKind.Reordered"/> when the event turns up later;</item>
/// <item>an event between sealed positions that has none is <see cref="FindingKind.Inserted"/>;</item>
/// <item>the recomputed head at each checkpoint size must equal the signed root, under a valid signature.</item>
/// </list>
/// The stored leaves only locate a problem; the proof is the signed root, recomputed from the events themselves, so
/// rewriting events and leaves together is still caught (as a <see cref="FindingKind.RootMismatch"/>).
/// </summary>
public static class SealedLogVerifier
{
    public static async Task<VerificationReport> Verify(VerificationInput input, IProgress<long>? progress, CancellationToken cancellation,
        VerificationResume? resume = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var from = resume?.From;
        var findings = from?.Findings.ToList() ?? [];
        var frontier = from is null
            ? input.FrontierBeforeFirstLeaf.Copy()
            : MerkleFrontier.Restore(from.FrontierSize, from.Frontier.Select(Convert.FromHexString).ToArray());
        var firstIndex = from?.FirstIndex ?? frontier.Size;
        // Resumed: checkpoints up to the saved size were checked already (their findings came back with the state).
        var checkpoints = new Queue<CheckpointSigned>(input.Checkpoints.Where(c => c.TreeSize >= firstIndex && (from is null || c.TreeSize > from.FrontierSize))
            .OrderBy(c => c.TreeSize));
        var verified = from?.CheckpointsVerified ?? 0;
        var covered = from?.Covered ?? firstIndex;

        if (from is null)
            foreach (var checkpoint in checkpoints)
                if (checkpoint.SignatureProblem(input.Keys) is { } problem)
                    findings.Add(new Finding(FindingKind.BadSignature, null, null, $"checkpoint of size {checkpoint.TreeSize}: {problem}"));

        void CheckCheckpointsAtCurrentSize()
        {
            while (checkpoints.TryPeek(out var checkpoint) && checkpoint.TreeSize == frontier.Size)
            {
                checkpoints.Dequeue();
                var root = Convert.ToHexStringLower(frontier.Root());
                if (root != checkpoint.RootHash)
                    findings.Add(new Finding(FindingKind.RootMismatch, null, null,
                        $"the first {checkpoint.TreeSize} positions hash to {root[..16]}…, the checkpoint signed at {checkpoint.SignedAt} says {checkpoint.RootHash[..16]}…; " +
                        $"the difference lies after position {covered - 1}"));
                else
                    verified++;
                covered = checkpoint.TreeSize;
            }
        }
        CheckCheckpointsAtCurrentSize();

        await using var events = new EventCursor(input.Events, from?.EventsConsumed ?? 0, cancellation);
        var missing = new Dictionary<long, (long Index, byte[] Hash)>();
        var lateEvents = new List<HashedEvent>();
        var lastSequence = from?.LastSequence ?? long.MinValue;
        var eventsChecked = from?.EventsChecked ?? 0;
        var leavesConsumed = from?.LeavesConsumed ?? 0;
        var nextLeafIndex = from?.NextLeafIndex ?? firstIndex;
        var savedAt = frontier.Size;

        void TakeOutOfPlace(HashedEvent hashed, long nextIndex)
        {
            eventsChecked++;
            if (hashed.Event.Sequence <= lastSequence)
                lateEvents.Add(hashed);
            else
                findings.Add(new Finding(FindingKind.Inserted, nextIndex, hashed.Event.Sequence,
                    $"event {hashed.Event.Type} of stream {hashed.Event.StreamKey} is not in the sealed log (it sits before position {nextIndex})"));
            lastSequence = Math.Max(lastSequence, hashed.Event.Sequence);
        }

        await foreach (var leaf in input.Leaves.WithCancellation(cancellation))
        {
            // Sources that buffer (a database reader) may not notice a Ctrl-C by themselves.
            cancellation.ThrowIfCancellationRequested();
            if (leaf.Index != frontier.Size)
                findings.Add(new Finding(FindingKind.LeafTableHole, frontier.Size, null, $"the leaf table jumps from position {frontier.Size - 1} to {leaf.Index}"));
            var hash = leaf.Hash;
            if (leaf.Index < input.EventsEndIndex)
            {
                while (await events.Peek() is { } early && early.Event.Sequence < leaf.Sequence)
                {
                    TakeOutOfPlace(early, leaf.Index);
                    await events.Advance();
                }
                if (await events.Peek() is { } current && current.Event.Sequence == leaf.Sequence && current.Event.Sequence > lastSequence)
                {
                    eventsChecked++;
                    if (!current.LeafHash.AsSpan().SequenceEqual(leaf.Hash))
                        findings.Add(new Finding(FindingKind.Changed, leaf.Index, leaf.Sequence,
                            $"event {current.Event.Type} of stream {current.Event.StreamKey} (version {current.Event.Version}) no longer matches its sealed leaf"));
                    hash = current.LeafHash;
                    lastSequence = current.Event.Sequence;
                    await events.Advance();
                }
                else
                {
                    missing[leaf.Sequence] = (leaf.Index, leaf.Hash);
                }
            }
            frontier.Append(hash);
            CheckCheckpointsAtCurrentSize();
            leavesConsumed++;
            nextLeafIndex = leaf.Index + 1;
            if ((frontier.Size & 0xFFFF) == 0)
                progress?.Report(frontier.Size - firstIndex);
            if (resume is not null && frontier.Size - savedAt >= resume.Every && missing.Count == 0 && lateEvents.Count == 0)
            {
                await resume.Save(new VerifierState(firstIndex, frontier.Size, frontier.Hashes.Select(Convert.ToHexStringLower).ToArray(), lastSequence,
                    eventsChecked, verified, covered, findings.ToArray(), leavesConsumed, nextLeafIndex, events.Consumed));
                savedAt = frontier.Size;
                progress?.Report(frontier.Size - firstIndex);
            }
        }

        long unsealed = 0;
        while (await events.Peek() is { } remaining)
        {
            if (input.EventsAfterLastLeafAreUnsealed && remaining.Event.Sequence > lastSequence)
            {
                unsealed++;
                eventsChecked++;
                lastSequence = remaining.Event.Sequence;
            }
            else
            {
                TakeOutOfPlace(remaining, frontier.Size);
            }
            await events.Advance();
        }

        foreach (var late in lateEvents)
        {
            if (missing.Remove(late.Event.Sequence, out var position))
                findings.Add(new Finding(FindingKind.Reordered, position.Index, late.Event.Sequence,
                    late.LeafHash.AsSpan().SequenceEqual(position.Hash)
                        ? $"the event is intact but appears out of order (at {late.Position} in the source)"
                        : $"the event appears out of order (at {late.Position} in the source) and its content changed too"));
            else
                findings.Add(new Finding(FindingKind.Inserted, null, late.Event.Sequence, $"event out of sequence order at {late.Position} in the source"));
        }
        foreach (var (sequence, position) in missing)
            findings.Add(new Finding(FindingKind.Missing, position.Index, sequence, "the sealed event is not there (deleted)"));
        foreach (var beyond in checkpoints)
            findings.Add(new Finding(FindingKind.Truncated, frontier.Size, null,
                $"a checkpoint signed at {beyond.SignedAt} covers {beyond.TreeSize} positions, but the log has only {frontier.Size}"));

        progress?.Report(frontier.Size - firstIndex);
        return new VerificationReport(input.Service, firstIndex, frontier.Size, eventsChecked, verified, covered, unsealed,
            findings.OrderBy(f => f.Index ?? long.MaxValue).ThenBy(f => f.Kind).ToArray(), stopwatch.Elapsed);
    }

    /// <summary>Peek/advance over batches of events.</summary>
    private sealed class EventCursor(IAsyncEnumerable<HashedEvent[]> batches, long consumedBefore, CancellationToken cancellation) : IAsyncDisposable
    {
        /// <summary>Events taken from the source so far, counting those a resumed run's source skipped.</summary>
        public long Consumed { get; private set; } = consumedBefore;

        private readonly IAsyncEnumerator<HashedEvent[]> _batches = batches.GetAsyncEnumerator(cancellation);
        private HashedEvent[] _batch = [];
        private int _next;
        private bool _done;

        public async ValueTask<HashedEvent?> Peek()
        {
            while (_next >= _batch.Length && !_done)
            {
                if (await _batches.MoveNextAsync())
                {
                    _batch = _batches.Current;
                    _next = 0;
                }
                else
                {
                    _done = true;
                }
            }
            return _next < _batch.Length ? _batch[_next] : null;
        }

        public async ValueTask Advance()
        {
            await Peek();
            _next++;
            Consumed++;
        }

        public ValueTask DisposeAsync() => _batches.DisposeAsync();
    }
}
