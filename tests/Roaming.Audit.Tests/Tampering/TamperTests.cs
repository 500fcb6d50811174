using Roaming.Audit.Bundles;
using Roaming.Audit.Verification;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Audit.Tests.Tampering;

/// <summary>
/// Tampering with the stored events by SQL, behind the application's back: each kind is detected and located, by
/// the online verifier and in an exported bundle checked offline.
/// </summary>
public class TamperTests
{
    private static readonly Task<string> Database = TestServers.FreshDatabase("roaming_audit_tamper");

    [Fact]
    public async Task an_untouched_log_verifies_online_and_as_a_bundle()
    {
        var log = await TamperedLog.Create(await Database);

        var online = await log.VerifyOnline();
        online.Verdict.ShouldBe(Verdict.Intact, online.Summary);
        online.TreeSize.ShouldBe(24);
        online.CheckpointsVerified.ShouldBe(1);

        var (offline, _) = await log.ExportAndVerifyOffline();
        offline.Verdict.ShouldBe(Verdict.Intact, offline.Summary);
        offline.EventsChecked.ShouldBe(24);
    }

    [Fact]
    public async Task editing_a_stored_events_json_is_located()
    {
        var log = await TamperedLog.Create(await Database);
        var target = log.SequenceAt(7);
        await log.Sql($"update {log.Schema}.mt_events set data = jsonb_set(data, '{{amount}}', '999') where seq_id = {target}");

        await ShouldLocate(log, FindingKind.Changed, index: 7, sequence: target);
    }

    [Fact]
    public async Task deleting_an_event_is_located()
    {
        var log = await TamperedLog.Create(await Database);
        var target = log.SequenceAt(15);
        await log.Sql($"delete from {log.Schema}.mt_events where seq_id = {target}");

        await ShouldLocate(log, FindingKind.Missing, index: 15, sequence: target);
    }

    [Fact]
    public async Task inserting_an_event_into_history_is_located()
    {
        var log = await TamperedLog.Create(await Database);
        await log.Sql(
            $"insert into {log.Schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type) " +
            $"values ({log.GapSequence}, gen_random_uuid(), 'acct-1', 1000, '{{\"account\": \"acct-1\", \"amount\": 5000, \"memo\": \"forged\"}}', " +
            "'entry_posted', now(), '*DEFAULT*', 'Roaming.Audit.SealingHost.EntryPosted')");

        await ShouldLocate(log, FindingKind.Inserted, index: 12, sequence: log.GapSequence);
    }

    [Fact]
    public async Task swapping_two_events_is_located_at_both_positions()
    {
        var log = await TamperedLog.Create(await Database);
        var (a, b) = (log.SequenceAt(4), log.SequenceAt(9));
        await log.Sql(
            $"with pair as (select x.data as da, y.data as db from {log.Schema}.mt_events x, {log.Schema}.mt_events y where x.seq_id = {a} and y.seq_id = {b}) " +
            $"update {log.Schema}.mt_events e set data = case when e.seq_id = {a} then pair.db else pair.da end from pair where e.seq_id in ({a}, {b})");

        var (online, offline) = await ShouldLocate(log, FindingKind.Changed, index: 4, sequence: a);
        online.Findings.ShouldContain(f => f.Kind == FindingKind.Changed && f.Index == 9);
        offline.Findings.ShouldContain(f => f.Kind == FindingKind.Changed && f.Index == 9);
    }

    [Fact]
    public async Task rewriting_an_event_and_its_leaf_is_caught_by_the_signed_checkpoint()
    {
        var log = await TamperedLog.Create(await Database);
        var target = log.SequenceAt(3);
        await log.Sql($"update {log.Schema}.mt_events set data = jsonb_set(data, '{{amount}}', '0') where seq_id = {target}");
        var events = await AuditedApp.Events(log.ConnectionString, log.Schema);
        var forgedLeaf = Convert.ToHexStringLower(events.Single(e => e.Sequence == target).LeafHash());
        await log.Sql($"update {log.Schema}.roaming_sealed_leaves set leaf_hash = '\\x{forgedLeaf}'::bytea where seq_id = {target}");

        var online = await log.VerifyOnline();
        online.Verdict.ShouldBe(Verdict.Tampered);
        online.FirstProblem!.Kind.ShouldBe(FindingKind.RootMismatch);
        var (offline, _) = await log.ExportAndVerifyOffline();
        offline.FirstProblem!.Kind.ShouldBe(FindingKind.RootMismatch);
    }

    [Fact]
    public async Task a_bundle_edited_after_export_is_caught_and_located()
    {
        var log = await TamperedLog.Create(await Database);
        var (clean, directory) = await log.ExportAndVerifyOffline();
        clean.Verdict.ShouldBe(Verdict.Intact);

        var eventsFile = Path.Combine(directory, BundleManifest.EventsFile);
        var lines = await File.ReadAllLinesAsync(eventsFile);
        (lines[5], lines[6]) = (lines[6], lines[5]);
        await File.WriteAllLinesAsync(eventsFile, lines);

        var reordered = await OfflineVerification.Run(directory, log.Keys, null, CancellationToken.None);
        reordered.Verdict.ShouldBe(Verdict.Tampered);
        reordered.FirstProblem!.Kind.ShouldBe(FindingKind.Reordered);
        reordered.FirstProblem.Index.ShouldBe(5);
        reordered.Findings.ShouldContain(f => f.Kind == FindingKind.ManifestMismatch);

        (lines[5], lines[6]) = (lines[6], lines[5]);
        lines[10] = lines[10].Replace("\"amount\": 11", "\"amount\": 11.0");
        await File.WriteAllLinesAsync(eventsFile, lines);
        var edited = await OfflineVerification.Run(directory, log.Keys, null, CancellationToken.None);
        edited.FirstProblem!.Kind.ShouldBe(FindingKind.Changed);
        edited.FirstProblem.Index.ShouldBe(10);
    }

    [Fact]
    public async Task a_bundle_of_a_period_verifies_against_the_checkpoint_with_earlier_positions_as_a_frontier()
    {
        var log = await TamperedLog.Create(await Database);
        var (report, directory) = await log.ExportAndVerifyOffline(
            new SequenceOrInstant(log.SequenceAt(5), null), new SequenceOrInstant(log.SequenceAt(9), null));

        report.Verdict.ShouldBe(Verdict.Intact, report.Summary);
        report.FirstIndex.ShouldBe(5);
        report.EventsChecked.ShouldBe(5);
        report.CheckpointsVerified.ShouldBe(1, "positions 10..23 travel as leaf hashes only, up to the covering checkpoint");
        (await File.ReadAllLinesAsync(Path.Combine(directory, BundleManifest.EventsFile))).Length.ShouldBe(5);
    }

    private static async Task<(VerificationReport Online, VerificationReport Offline)> ShouldLocate(TamperedLog log, FindingKind kind, long index, long sequence)
    {
        var online = await log.VerifyOnline();
        online.Verdict.ShouldBe(Verdict.Tampered, online.Summary);
        online.FirstProblem!.Kind.ShouldBe(kind, online.Summary);
        online.FirstProblem.Index.ShouldBe(index);
        online.FirstProblem.Sequence.ShouldBe(sequence);
        online.ExitCode.ShouldBe(1);

        var (offline, _) = await log.ExportAndVerifyOffline();
        offline.Verdict.ShouldBe(Verdict.Tampered, offline.Summary);
        offline.FirstProblem!.Kind.ShouldBe(kind, offline.Summary);
        offline.FirstProblem.Index.ShouldBe(index);
        offline.FirstProblem.Sequence.ShouldBe(sequence);
        return (online, offline);
    }
}
