using System.Runtime.CompilerServices;
using System.Text.Json;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Audit.Verification;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Bundles;

/// <summary>A bundle that cannot even be read (a line that is not an event, a missing file).</summary>
public sealed class BundleFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary><c>roaming audit verify DIR</c>: checks an exported bundle with no database, from its files alone.</summary>
public static class OfflineVerification
{
    /// <param name="trustedKeys">Keys the auditor got out of band; when null the bundle's own keys.json is used (the CLI says so).</param>
    /// <param name="resumeFile">Where to keep progress: an interrupted run given the same file goes on from its last clean point.</param>
    public static async Task<VerificationReport> Run(string directory, IReadOnlyList<AuditPublicKey>? trustedKeys, IProgress<long>? progress,
        CancellationToken cancellation, string? resumeFile = null, long resumeEvery = 1 << 16)
    {
        var manifest = Read<BundleManifest>(directory, BundleManifest.ManifestFile);
        var progressFile = resumeFile is null ? null
            : new VerificationResumeFile(resumeFile, "bundle " + await NdjsonFile.HashOf(Path.Combine(directory, BundleManifest.ManifestFile), cancellation));
        var saved = progressFile?.Load();
        var resumedFrom = saved?.State;
        if (manifest.Format != BundleManifest.CurrentFormat)
            throw new BundleFormatException($"unknown bundle format {manifest.Format}");
        var keys = trustedKeys ?? Read<PublishedKeys>(directory, BundleManifest.KeysFile).ToKeys();
        var checkpoints = (await File.ReadAllLinesAsync(Path.Combine(directory, BundleManifest.CheckpointsFile), cancellation))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<CheckpointSigned>(line, AuditJson.Options)!)
            .ToArray();
        var frontier = MerkleFrontier.Restore(manifest.FirstIndex, manifest.Frontier.Select(Convert.FromHexString).ToArray());

        var eventsFile = new NdjsonFile(Path.Combine(directory, BundleManifest.EventsFile));
        var leavesFile = new NdjsonFile(Path.Combine(directory, BundleManifest.LeavesFile));
        // Files hashed while they are read (events and leaves): the manifest check costs no second pass over them.
        var streamedHashes = new Dictionary<string, NdjsonFile> { [BundleManifest.EventsFile] = eventsFile, [BundleManifest.LeavesFile] = leavesFile };
        var input = new VerificationInput(manifest.Service, frontier,
            ReadLeaves(leavesFile, resumedFrom?.LeavesConsumed ?? 0, cancellation),
            ParseAndHash(eventsFile, resumedFrom?.EventsConsumed ?? 0, cancellation),
            manifest.EventsEndIndex, checkpoints, keys, EventsAfterLastLeafAreUnsealed: false);
        var report = await SealedLogVerifier.Verify(input, progress, cancellation, progressFile?.Resume(saved, null, checkpoints.Length, resumeEvery));
        progressFile?.Complete();

        var findings = report.Findings.ToList();
        foreach (var (file, expected) in manifest.Files)
        {
            var actual = streamedHashes.TryGetValue(file, out var read) && read.Sha256 is { } streamed
                ? streamed
                : await NdjsonFile.HashOf(Path.Combine(directory, file), cancellation);
            if (actual != expected)
                findings.Add(new Finding(FindingKind.ManifestMismatch, null, null, $"{file} has SHA-256 {actual[..16]}…, the manifest says {expected[..16]}…"));
        }
        if (checkpoints.Length == 0)
            return report with { Findings = findings, CoveredSize = manifest.FirstIndex };
        return report with { Findings = findings };
    }

    private static T Read<T>(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
            throw new BundleFormatException($"{file} is missing from {directory}");
        return JsonSerializer.Deserialize<T>(File.ReadAllText(path), AuditJson.Options)
            ?? throw new BundleFormatException($"{file} is empty");
    }

    /// <summary>Leaf lines are parsed a batch at a time in parallel, ahead of the verifier.</summary>
    private static async IAsyncEnumerable<SealedLeaves.Leaf> ReadLeaves(NdjsonFile file, long skipLines, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await foreach (var batch in Prefetch(ParseLeaves(file, skipLines, cancellation), cancellation))
            foreach (var leaf in batch)
                yield return leaf;
    }

    private static async IAsyncEnumerable<SealedLeaves.Leaf[]> ParseLeaves(NdjsonFile file, long skipLines, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await foreach (var batch in Prefetch(file.ReadBatches(HashedEvent.BatchSize, cancellation, skipLines), cancellation))
        {
            var leaves = new SealedLeaves.Leaf[batch.Count];
            Parallel.For(0, batch.Count, i => leaves[i] = ParseLeaf(batch[i]));
            yield return leaves;
        }
    }

    /// <summary>One leaves.ndjson line, <c>{"index":0,"seq":1,"hash":"hex"}</c>, read without a serializer (a million of them per second matter).</summary>
    private static SealedLeaves.Leaf ParseLeaf(byte[] line)
    {
        var reader = new Utf8JsonReader(line);
        long? index = null, sequence = null;
        byte[]? hash = null;
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("index"u8)) index = reader.GetInt64();
                else if (name.SequenceEqual("seq"u8)) sequence = reader.GetInt64();
                else if (name.SequenceEqual("hash"u8)) hash = Convert.FromHexString(System.Text.Encoding.ASCII.GetString(reader.ValueSpan));
                else reader.Skip();
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw new BundleFormatException($"{BundleManifest.LeavesFile}: a line is not a leaf: {exception.Message}", exception);
        }
        return index is { } i && sequence is { } s && hash is { Length: MerkleTree.HashSize } h
            ? new SealedLeaves.Leaf(i, s, h)
            : throw new BundleFormatException($"{BundleManifest.LeavesFile}: a line lacks index, seq or a 32-byte hash");
    }

    /// <summary>
    /// Three stages that overlap: reading lines (and the file's SHA-256, as costly as all the leaf hashes), parsing and
    /// hashing a batch on every core, and the verifier's single-threaded walk.
    /// </summary>
    private static IAsyncEnumerable<HashedEvent[]> ParseAndHash(NdjsonFile file, long skipLines, CancellationToken cancellation) =>
        Prefetch(HashBatches(Prefetch(file.ReadBatches(HashedEvent.BatchSize, cancellation, skipLines), cancellation), skipLines, cancellation), cancellation);

    private static async IAsyncEnumerable<HashedEvent[]> HashBatches(IAsyncEnumerable<List<byte[]>> lines, long skipLines,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var firstLine = 1 + skipLines;
        await foreach (var batch in lines.WithCancellation(cancellation))
        {
            var hashed = new HashedEvent[batch.Count];
            var lineOffset = firstLine;
            try
            {
                Parallel.For(0, batch.Count, i =>
                {
                    try
                    {
                        var (summary, hash) = EventLines.HashLine(batch[i]);
                        hashed[i] = new HashedEvent(summary, hash, lineOffset + i);
                    }
                    catch (FormatException exception)
                    {
                        throw new BundleFormatException($"{BundleManifest.EventsFile} line {lineOffset + i}: {exception.Message}", exception);
                    }
                });
            }
            catch (AggregateException aggregate) when (aggregate.InnerExceptions.OfType<BundleFormatException>().Any())
            {
                throw aggregate.InnerExceptions.OfType<BundleFormatException>().First();
            }
            firstLine += batch.Count;
            yield return hashed;
        }
    }

    /// <summary>Runs <paramref name="source"/> on its own task a few batches ahead, so reading, hashing and walking overlap.</summary>
    private static async IAsyncEnumerable<T> Prefetch<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<T>(4);
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(cancellation))
                    await channel.Writer.WriteAsync(item, cancellation);
                channel.Writer.Complete();
            }
            catch (Exception exception)
            {
                channel.Writer.Complete(exception);
            }
        }, cancellation);
        await foreach (var item in channel.Reader.ReadAllAsync(cancellation))
            yield return item;
        await producer;
    }
}
