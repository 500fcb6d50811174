using NodaTime;
using Roaming.Audit.Bundles;
using Roaming.Audit.SealingHost;
using Roaming.Audit.Tests.Tampering;
using Roaming.Audit.Verification;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Audit.Tests.Bundles;

/// <summary>Export and verify interrupted part-way and resumed: the same bundle, byte for byte, and the same verdict, findings included.</summary>
public class ResumeTests
{
    private static readonly Task<string> Database = TestServers.FreshDatabase("roaming_audit_resume");
    private static readonly Instant ExportedAt = Instant.FromUtc(2026, 11, 24, 12, 0);

    [Fact]
    public async Task an_interrupted_export_resumed_writes_the_bundle_an_uninterrupted_one_writes()
    {
        var log = await TamperedLog.Create(await Database);
        var target = log.SequenceAt(7);
        await log.Sql($"update {log.Schema}.mt_events set data = jsonb_set(data, '{{amount}}', '999') where seq_id = {target}");
        var whole = await Export(log, Temporary(), resume: false, null);

        var interrupted = Temporary();
        using var stop = new CancellationTokenSource();
        await Should.ThrowAsync<OperationCanceledException>(() => Export(log, interrupted, resume: false, new StopAt(10, stop), stop.Token));
        File.Exists(Path.Combine(interrupted, ExportProgress.FileName)).ShouldBeTrue();
        File.Exists(Path.Combine(interrupted, BundleManifest.ManifestFile)).ShouldBeFalse();
        // As after a kill -9: bytes written after the last saved progress.
        await File.AppendAllTextAsync(Path.Combine(interrupted, BundleManifest.EventsFile), "{\"half an event");

        await Should.ThrowAsync<InvalidOperationException>(() => Export(log, interrupted, resume: false, null));
        await Export(log, interrupted, resume: true, null);

        foreach (var file in new[] { BundleManifest.EventsFile, BundleManifest.LeavesFile, BundleManifest.CheckpointsFile, BundleManifest.KeysFile, BundleManifest.ManifestFile })
            (await File.ReadAllBytesAsync(Path.Combine(interrupted, file))).ShouldBe(await File.ReadAllBytesAsync(Path.Combine(whole, file)), file);
        File.Exists(Path.Combine(interrupted, ExportProgress.FileName)).ShouldBeFalse();
        var report = await OfflineVerification.Run(interrupted, log.Keys, null, CancellationToken.None);
        report.FirstProblem!.Kind.ShouldBe(FindingKind.Changed);
        report.FirstProblem.Index.ShouldBe(7);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task an_interrupted_verification_resumed_reaches_the_verdict_of_an_uninterrupted_one(bool online)
    {
        var log = await TamperedLog.Create(await Database);
        var changed = log.SequenceAt(3);
        var deleted = log.SequenceAt(17);
        await log.Sql($"update {log.Schema}.mt_events set data = jsonb_set(data, '{{amount}}', '999') where seq_id = {changed}");
        await log.Sql($"delete from {log.Schema}.mt_events where seq_id = {deleted}");
        var bundle = await Export(log, Temporary(), resume: false, null);
        var resumeFile = Path.Combine(Temporary(), "verify.progress.json");

        Task<VerificationReport> Verify(IProgress<long>? progress, CancellationToken cancellation) => online
            ? OnlineVerification.Run(log.ConnectionString, log.AuditSchema, LedgerModule.ServiceName, log.Schema, log.Keys, progress, cancellation, resumeFile,
                resumeEvery: 4)
            : OfflineVerification.Run(bundle, log.Keys, progress, cancellation, resumeFile, resumeEvery: 4);

        var whole = online ? await log.VerifyOnline() : await OfflineVerification.Run(bundle, log.Keys, null, CancellationToken.None);
        whole.Findings.Select(f => f.Kind).ShouldBe([FindingKind.Changed, FindingKind.Missing, FindingKind.RootMismatch]);

        using var stop = new CancellationTokenSource();
        await Should.ThrowAsync<OperationCanceledException>(() => Verify(new StopAt(8, stop), stop.Token));
        File.Exists(resumeFile).ShouldBeTrue();
        var savedSize = System.Text.Json.JsonSerializer.Deserialize<VerificationResumeFile.Saved>(await File.ReadAllTextAsync(resumeFile), AuditJson.Options)!
            .State.FrontierSize;
        savedSize.ShouldBeInRange(8, 23, "the interrupted run kept its progress part-way");

        var resumed = await Verify(null, CancellationToken.None);

        resumed.Findings.ShouldBe(whole.Findings);
        resumed.Verdict.ShouldBe(whole.Verdict);
        (resumed.FirstIndex, resumed.TreeSize, resumed.EventsChecked, resumed.CheckpointsVerified, resumed.CoveredSize)
            .ShouldBe((whole.FirstIndex, whole.TreeSize, whole.EventsChecked, whole.CheckpointsVerified, whole.CoveredSize));
        File.Exists(resumeFile).ShouldBeFalse();
    }

    private static async Task<string> Export(TamperedLog log, string directory, bool resume, IProgress<long>? progress, CancellationToken cancellation = default)
    {
        await BundleExporter.Export(log.ConnectionString, new ExportRequest(LedgerModule.ServiceName, log.Schema, log.AuditSchema, null, null, directory), log.Keys,
            ExportedAt, progress, cancellation, resume, saveEvery: 5);
        return directory;
    }

    private static string Temporary() => Directory.CreateTempSubdirectory("roaming-audit-resume").FullName;

    /// <summary>Interrupts (as Ctrl-C does) as soon as progress reaches <paramref name="at"/>, on the reporting thread.</summary>
    private sealed class StopAt(long at, CancellationTokenSource stop) : IProgress<long>
    {
        public void Report(long value)
        {
            if (value >= at)
                stop.Cancel();
        }
    }
}
