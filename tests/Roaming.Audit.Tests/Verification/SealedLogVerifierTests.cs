using System.Security.Cryptography;
using NodaTime;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Audit.Tests.Sealing;
using Roaming.Audit.Verification;
using Roaming.Platform.Sealing;
using Shouldly;

namespace Roaming.Audit.Tests.Verification;

/// <summary>The verifier on in-memory logs: every kind of tampering is found at the right position.</summary>
public class SealedLogVerifierTests
{
    private static readonly SigningKeyRing Keys = SigningKeyRing.FromKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Ten events with sequences 1..10 plus a gap at 5 (a rolled-back append), sealed and signed at size 9.</summary>
    private static (List<CanonicalEvent> Events, List<SealedLeaves.Leaf> Leaves, CheckpointSigned Checkpoint) SealedLog()
    {
        var events = Enumerable.Range(1, 10).Where(s => s != 5)
            .Select(s => CanonicalEventTests.Sample(s, $$"""{"amount": {{s}}, "account": "a-{{s % 3}}"}""")).ToList();
        var leaves = events.Select((e, i) => new SealedLeaves.Leaf(i, e.Sequence, e.LeafHash())).ToList();
        var checkpoint = CheckpointSigned.Sign(Keys, "test/ledger", "ledger", leaves.Count,
            MerkleTree.Root(leaves.Select(l => l.Hash).ToArray()), events[^1].Sequence, Instant.FromUtc(2026, 11, 24, 10, 0));
        return (events, leaves, checkpoint);
    }

    private static Task<VerificationReport> Verify(IEnumerable<CanonicalEvent> events, IEnumerable<SealedLeaves.Leaf> leaves,
        params CheckpointSigned[] checkpoints) =>
        SealedLogVerifier.Verify(new VerificationInput("ledger", new MerkleFrontier(), leaves.ToAsyncEnumerable(),
            new[] { events.Select((e, i) => new HashedEvent(EventSummary.Of(e), e.LeafHash(), i + 1)).ToArray() }.ToAsyncEnumerable(),
            long.MaxValue, checkpoints, Keys.Published, EventsAfterLastLeafAreUnsealed: false), null, CancellationToken.None);

    [Fact]
    public async Task an_untouched_log_is_intact_and_fully_covered()
    {
        var (events, leaves, checkpoint) = SealedLog();
        var report = await Verify(events, leaves, checkpoint);
        report.Verdict.ShouldBe(Verdict.Intact, string.Join("; ", report.Findings));
        report.CheckpointsVerified.ShouldBe(1);
        report.EventsChecked.ShouldBe(9);
    }

    [Fact]
    public async Task a_changed_event_is_located()
    {
        var (events, leaves, checkpoint) = SealedLog();
        events[6] = events[6] with { Data = """{"amount": 999, "account": "a-2"}""" };
        var report = await Verify(events, leaves, checkpoint);
        report.Verdict.ShouldBe(Verdict.Tampered);
        report.FirstProblem.ShouldBe(report.Findings.First(f => f.Kind == FindingKind.Changed));
        report.FirstProblem!.Index.ShouldBe(6);
        report.FirstProblem.Sequence.ShouldBe(8);
        report.Findings.ShouldContain(f => f.Kind == FindingKind.RootMismatch);
    }

    [Fact]
    public async Task a_deleted_event_is_located()
    {
        var (events, leaves, checkpoint) = SealedLog();
        events.RemoveAt(3);
        var report = await Verify(events, leaves, checkpoint);
        report.FirstProblem!.Kind.ShouldBe(FindingKind.Missing);
        report.FirstProblem.Index.ShouldBe(3);
        report.FirstProblem.Sequence.ShouldBe(4);
    }

    [Fact]
    public async Task an_event_inserted_into_a_gap_is_located()
    {
        var (events, leaves, checkpoint) = SealedLog();
        events.Insert(4, CanonicalEventTests.Sample(5));
        var report = await Verify(events, leaves, checkpoint);
        report.FirstProblem!.Kind.ShouldBe(FindingKind.Inserted);
        report.FirstProblem.Sequence.ShouldBe(5);
        report.FirstProblem.Index.ShouldBe(4);
        report.CheckpointsVerified.ShouldBe(1, "an insertion leaves the sealed positions themselves intact");
    }

    [Fact]
    public async Task two_swapped_events_are_reported_as_reordered()
    {
        var (events, leaves, checkpoint) = SealedLog();
        (events[2], events[3]) = (events[3], events[2]);
        var report = await Verify(events, leaves, checkpoint);
        report.FirstProblem!.Kind.ShouldBe(FindingKind.Reordered);
        report.FirstProblem.Index.ShouldBe(2);
    }

    [Fact]
    public async Task rewriting_an_event_and_its_leaf_together_is_caught_by_the_signed_root()
    {
        var (events, leaves, checkpoint) = SealedLog();
        events[1] = events[1] with { Data = """{"amount": 0}""" };
        leaves[1] = leaves[1] with { Hash = events[1].LeafHash() };
        var report = await Verify(events, leaves, checkpoint);
        report.Findings.ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.RootMismatch);
    }

    [Fact]
    public async Task removing_sealed_leaves_from_the_end_is_truncation()
    {
        var (events, leaves, checkpoint) = SealedLog();
        var report = await Verify(events.Take(7), leaves.Take(7), checkpoint);
        report.FirstProblem!.Kind.ShouldBe(FindingKind.Truncated);
    }

    [Fact]
    public async Task a_forged_checkpoint_is_rejected()
    {
        var (events, leaves, checkpoint) = SealedLog();
        var report = await Verify(events, leaves, checkpoint with { LastSequence = 11 });
        report.Findings.ShouldContain(f => f.Kind == FindingKind.BadSignature);
    }

    [Fact]
    public async Task positions_after_the_last_checkpoint_are_reported_as_not_covered()
    {
        var (events, leaves, _) = SealedLog();
        var report = await Verify(events, leaves);
        report.Verdict.ShouldBe(Verdict.NotFullyCovered);
        report.ExitCode.ShouldBe(2);
    }
}
