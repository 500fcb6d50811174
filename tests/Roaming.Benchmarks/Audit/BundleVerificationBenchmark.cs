using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using NodaTime;
using Roaming.Audit;
using Roaming.Audit.Bundles;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Audit.Verification;
using Roaming.Platform.Sealing;

namespace Roaming.Benchmarks.Audit;

/// <summary>
/// Offline verification speed: writes a synthetic bundle of N events shaped like ours (about 400 bytes a line),
/// sealed and signed, then times <c>roaming audit verify DIR</c>'s code path on it, next to the bare cost of SHA-256
/// over the same canonical bytes on one core (the yardstick: verification within 3x of that).
/// </summary>
public static class BundleVerificationBenchmark
{
    public static async Task<int> Run(long events, string? directory)
    {
        directory ??= Path.Combine(Path.GetTempPath(), $"roaming-audit-bench-{events}");
        if (!File.Exists(Path.Combine(directory, BundleManifest.ManifestFile)))
        {
            var written = Stopwatch.StartNew();
            await Write(events, directory);
            Console.WriteLine($"wrote a {events:N0}-event bundle to {directory} in {written.Elapsed.TotalSeconds:F1} s " +
                $"({new FileInfo(Path.Combine(directory, BundleManifest.EventsFile)).Length / 1_048_576.0:F0} MiB of events)");
        }

        var sample = Enumerable.Range(0, 200_000).Select(i => Event(i).ToBytes()).ToArray();
        var hashing = Stopwatch.StartNew();
        foreach (var bytes in sample)
            MerkleTree.LeafHash(bytes);
        var hashRate = sample.Length / hashing.Elapsed.TotalSeconds;
        Console.WriteLine($"SHA-256 leaf hashes, one core: {hashRate:N0}/s (average canonical event {sample.Average(b => b.Length):F0} bytes)");

        for (var run = 1; run <= 2; run++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var report = await OfflineVerification.Run(directory, null, null, CancellationToken.None);
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var rate = report.EventsChecked / report.Elapsed.TotalSeconds;
            Console.WriteLine($"run {run}: {report.Summary}");
            Console.WriteLine($"run {run}: verified {report.EventsChecked:N0} events in {report.Elapsed.TotalSeconds:F2} s = {rate:N0} events/s " +
                $"({hashRate / rate:F2}x the one-core hash time, {Environment.ProcessorCount} cores); " +
                $"CPU {cpu:F2} s = {report.EventsChecked / cpu:N0} events per CPU-second (load average counts: other processes share these cores)");
        }
        return 0;
    }

    private static CanonicalEvent Event(long i) => new(
        Sequence: i + 1,
        Id: new Guid((int)i, 0x1234, 0x7000, 0x80, 0, 0, 0, 0, 0, 0, 1),
        StreamKey: $"NL*TNM*C{i / 40:D8}",
        Version: i % 40 + 1,
        Type: i % 40 == 39 ? "cdr_issued" : "meter_samples_recorded",
        Timestamp: CanonicalEvent.FormatTimestamp(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(i * 37)),
        CorrelationId: $"corr-{i / 40}",
        CausationId: null,
        Headers: $$"""{"actor": "charge-point:NL*TNM*E{{i % 5000:D5}}", "received_at": "2026-11-01T00:00:00Z"}""",
        Data: $$"""{"samples": [{"at": "2026-11-01T00:00:{{i % 60:D2}}Z", "energyWh": {{i * 13 % 100000}}, "powerW": {{i % 22000}}, "currentA": {{i % 32}}.5}], "sessionId": "S{{i / 40:D10}}", "connectorId": 1, "evseUid": "NL*TNM*E{{i % 5000:D5}}*1"}""");

    private static async Task Write(long count, string directory)
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var keys = SigningKeyRing.FromKey(key);
        var frontier = new MerkleFrontier();
        const int chunk = 65_536;
        await using (var eventsFile = new FileStream(Path.Combine(directory, BundleManifest.EventsFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        await using (var leavesFile = new FileStream(Path.Combine(directory, BundleManifest.LeavesFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            for (long start = 0; start < count; start += chunk)
            {
                var size = (int)Math.Min(chunk, count - start);
                var lines = new byte[size][];
                var hashes = new byte[size][];
                Parallel.For(0, size, i =>
                {
                    var stored = Event(start + i);
                    lines[i] = EventLines.ToLine(stored);
                    hashes[i] = stored.LeafHash();
                });
                for (var i = 0; i < size; i++)
                {
                    eventsFile.Write(lines[i]);
                    eventsFile.WriteByte((byte)'\n');
                    leavesFile.Write(JsonSerializer.SerializeToUtf8Bytes(new LeafLine(start + i, start + i + 1, Convert.ToHexStringLower(hashes[i])), AuditJson.Options));
                    leavesFile.WriteByte((byte)'\n');
                    frontier.Append(hashes[i]);
                }
            }
        }
        var checkpoint = CheckpointSigned.Sign(keys, "bench/charging", "charging", count, frontier.Root(), count, SystemClock.Instance.GetCurrentInstant());
        await File.WriteAllTextAsync(Path.Combine(directory, BundleManifest.CheckpointsFile), JsonSerializer.Serialize(checkpoint, AuditJson.Options) + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, BundleManifest.KeysFile),
            JsonSerializer.Serialize(new PublishedKeys(keys.Published.Select(k => k.ToPublished()).ToArray()), AuditJson.Options));
        var files = new Dictionary<string, string>();
        foreach (var file in new[] { BundleManifest.EventsFile, BundleManifest.LeavesFile, BundleManifest.CheckpointsFile, BundleManifest.KeysFile })
            files[file] = await NdjsonFile.HashOf(Path.Combine(directory, file), CancellationToken.None);
        var manifest = new BundleManifest(BundleManifest.CurrentFormat, "charging", "bench/charging", SystemClock.Instance.GetCurrentInstant(), 0, count, count,
            1, count, count, [], BundleManifest.LeafHashRule, BundleManifest.CanonicalEventRule, files);
        await File.WriteAllTextAsync(Path.Combine(directory, BundleManifest.ManifestFile), JsonSerializer.Serialize(manifest, AuditJson.Indented));
    }
}
