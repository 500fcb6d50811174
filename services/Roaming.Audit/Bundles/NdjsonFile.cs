using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Roaming.Audit.Bundles;

/// <summary>Reads an NDJSON file as batches of raw lines and hashes the file's bytes on the way (for the manifest check).</summary>
public sealed class NdjsonFile(string path)
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Hex SHA-256 of the whole file, available once <see cref="ReadBatches"/> has been read to the end.</summary>
    public string? Sha256 { get; private set; }

    /// <param name="skipLines">Lines to pass over unparsed (a resumed verification's done part); they still count in <see cref="Sha256"/>.</param>
    public async IAsyncEnumerable<List<byte[]>> ReadBatches(int batchSize, [EnumeratorCancellation] CancellationToken cancellation, long skipLines = 0)
    {
        long skipped = 0;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        var carry = new List<byte>();
        var batch = new List<byte[]>(batchSize);
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellation)) > 0)
        {
            _sha256.AppendData(buffer, 0, read);
            var offset = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', offset, read - offset)) >= 0)
            {
                if (skipped < skipLines)
                {
                    if (newline > offset || carry.Count > 0)
                        skipped++;
                    carry.Clear();
                    offset = newline + 1;
                    continue;
                }
                var line = TakeLine(carry, buffer, offset, newline);
                if (line.Length > 0)
                    batch.Add(line);
                offset = newline + 1;
                if (batch.Count == batchSize)
                {
                    yield return batch;
                    batch = new List<byte[]>(batchSize);
                }
            }
            carry.AddRange(buffer.AsSpan(offset, read - offset));
        }
        if (carry.Count > 0)
            batch.Add(carry.ToArray());
        if (batch.Count > 0)
            yield return batch;
        Sha256 = Convert.ToHexStringLower(_sha256.GetHashAndReset());
    }

    private static byte[] TakeLine(List<byte> carry, byte[] buffer, int start, int end)
    {
        if (carry.Count == 0)
            return buffer.AsSpan(start, end - start).ToArray();
        carry.AddRange(buffer.AsSpan(start, end - start));
        var line = carry.ToArray();
        carry.Clear();
        return line;
    }

    public static async Task<string> HashOf(string path, CancellationToken cancellation)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellation));
    }
}
