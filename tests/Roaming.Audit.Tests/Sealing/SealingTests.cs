using Marten;
using Marten.Services;
using Npgsql;
using Roaming.Audit.SealingHost;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Audit.Tests.Sealing;

/// <summary>The sealing subscription on real PostgreSQL: every committed event, once, in sequence order, gaps and late commits included.</summary>
public class SealingTests
{
    private static readonly Task<string> Database = TestServers.FreshDatabase("roaming_audit_sealing");

    [Fact]
    public async Task every_committed_event_becomes_the_next_leaf_in_sequence_order()
    {
        await using var app = await AuditedApp.Start(await Database);
        var sequences = await app.Post(40);
        await app.WaitUntilSealed(40);

        var leaves = await AuditedApp.Leaves(app.ConnectionString, app.LedgerSchema);
        var events = await AuditedApp.Events(app.ConnectionString, app.LedgerSchema);
        leaves.Select(l => l.Index).ShouldBe(Enumerable.Range(0, 40).Select(i => (long)i));
        leaves.Select(l => l.Sequence).ShouldBe(sequences);
        leaves.Select(l => Convert.ToHexString(l.Hash)).ShouldBe(events.Select(e => Convert.ToHexString(e.LeafHash())));
    }

    [Fact]
    public async Task a_rolled_back_append_between_two_commits_leaves_no_hole_in_the_tree()
    {
        await using var app = await AuditedApp.Start(await Database);
        var before = await app.Post(3);

        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var session = app.Ledger.LightweightSession(SessionOptions.ForTransaction(transaction));
            session.Events.Append("acct-rolled-back", new EntryPosted("acct-rolled-back", 1, "never committed"));
            await session.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        var after = await app.Post(3, firstAmount: 100);
        after[0].ShouldBeGreaterThan(before[^1] + 1, "the rolled-back append burned a sequence number");

        await app.WaitUntilSealed(6, TimeSpan.FromSeconds(60));
        var leaves = await AuditedApp.Leaves(app.ConnectionString, app.LedgerSchema);
        leaves.Select(l => l.Sequence).ShouldBe(before.Concat(after));
        leaves.Select(l => l.Index).ShouldBe(Enumerable.Range(0, 6).Select(i => (long)i));
    }

    [Fact]
    public async Task a_commit_that_lands_after_a_later_one_is_sealed_in_its_own_place()
    {
        await using var app = await AuditedApp.Start(await Database);
        var first = await app.Post(2);

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var slow = await connection.BeginTransactionAsync();
        await using (var session = app.Ledger.LightweightSession(SessionOptions.ForTransaction(slow)))
        {
            session.Events.Append("acct-slow", new EntryPosted("acct-slow", 7, "committed late"));
            await session.SaveChangesAsync();
        }
        var later = await app.Post(2, firstAmount: 50);

        // The open transaction must hold the high-water mark back. Positive signal that the daemon got past the point
        // where it could have skipped: once the gap is older than the stale threshold (3 s) it decides, and says so;
        // "holding" (a live transaction may still fill the gap) or "skipping" (the bug: the late commit would never be sealed).
        var decision = await app.Logs.WaitFor(line => line.Contains($"sequence gap above {first[^1]}") &&
            (line.Contains("detection is holding") || line.Contains("detection is skipping")), TimeSpan.FromSeconds(60),
            $"the daemon's decision on the gap after {first[^1]}");
        decision.ShouldContain("detection is holding", customMessage: "the open transaction must hold the high-water mark back");
        await app.WaitUntilSealed(2);
        (await AuditedApp.SealedCount(app.ConnectionString, app.LedgerSchema)).ShouldBe(2, "nothing after the open transaction is sealed yet");
        (await AuditedApp.SealingProgress(app.ConnectionString, app.LedgerSchema)).ShouldBe(first[^1], "the sealer stopped at the mark");
        await slow.CommitAsync();

        await app.WaitUntilSealed(5, TimeSpan.FromSeconds(60));
        var leaves = await AuditedApp.Leaves(app.ConnectionString, app.LedgerSchema);
        var events = await AuditedApp.Events(app.ConnectionString, app.LedgerSchema);
        leaves.Select(l => l.Sequence).ShouldBe(events.Select(e => e.Sequence), "every committed event is sealed, in sequence order");
        leaves.Count.ShouldBe(5);
        events.Single(e => e.StreamKey == "acct-slow").Sequence.ShouldBeLessThan(later[0]);
    }
}
