using System.Security.Cryptography;

namespace Roaming.Platform.Sealing;

/// <summary>
/// RFC 6962 (RFC 9162 section 2.1) Merkle tree math as pure functions over leaf hashes: the tree head, audit paths
/// (inclusion proofs) and consistency proofs, and their verification. Leaves and nodes are domain-separated
/// (0x00 / 0x01 prefix) so that a leaf can never be passed off as an interior node.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>MTH({}) = SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(entry.Length + 1);
        try
        {
            buffer[0] = LeafPrefix;
            entry.CopyTo(buffer.AsSpan(1));
            return SHA256.HashData(buffer.AsSpan(0, entry.Length + 1));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + 2 * HashSize];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + HashSize)..]);
        return SHA256.HashData(input);
    }

    /// <summary>The tree head of the first <paramref name="size"/> leaves (all of them when null).</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes, long? size = null)
    {
        var frontier = new MerkleFrontier();
        var count = size ?? leafHashes.Count;
        for (var i = 0; i < count; i++)
            frontier.Append(leafHashes[i]);
        return frontier.Root();
    }

    /// <summary>RFC 6962 PATH(m, D[n]): the sibling hashes from leaf <paramref name="index"/> up to the head of a tree of <paramref name="size"/> leaves.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, long index, long size)
    {
        if (size > leafHashes.Count || index < 0 || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), $"leaf {index} is not in a tree of {size} leaves");
        var path = new List<byte[]>();
        AppendPath(leafHashes, index, 0, size, path);
        return path;
    }

    private static void AppendPath(IReadOnlyList<byte[]> leaves, long index, long start, long count, List<byte[]> path)
    {
        if (count == 1)
            return;
        var split = LargestPowerOfTwoBelow(count);
        if (index < split)
        {
            AppendPath(leaves, index, start, split, path);
            path.Add(SubtreeRoot(leaves, start + split, count - split));
        }
        else
        {
            AppendPath(leaves, index - split, start + split, count - split, path);
            path.Add(SubtreeRoot(leaves, start, split));
        }
    }

    /// <summary>RFC 9162 2.1.3.2: recomputes the head from a leaf and its audit path.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size)
            return false;
        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
                return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
            }
            else
            {
                r = NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 6962 PROOF(m, D[n]): shows the tree of <paramref name="oldSize"/> leaves is a prefix of the one of <paramref name="newSize"/>.</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, long oldSize, long newSize)
    {
        if (oldSize <= 0 || oldSize > newSize || newSize > leafHashes.Count)
            throw new ArgumentOutOfRangeException(nameof(oldSize), $"no consistency proof from {oldSize} to {newSize}");
        var proof = new List<byte[]>();
        if (oldSize < newSize)
            AppendSubproof(leafHashes, oldSize, 0, newSize, true, proof);
        return proof;
    }

    private static void AppendSubproof(IReadOnlyList<byte[]> leaves, long m, long start, long count, bool wholeOldTree, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!wholeOldTree)
                proof.Add(SubtreeRoot(leaves, start, count));
            return;
        }
        var split = LargestPowerOfTwoBelow(count);
        if (m <= split)
        {
            AppendSubproof(leaves, m, start, split, wholeOldTree, proof);
            proof.Add(SubtreeRoot(leaves, start + split, count - split));
        }
        else
        {
            AppendSubproof(leaves, m - split, start + split, count - split, false, proof);
            proof.Add(SubtreeRoot(leaves, start, split));
        }
    }

    /// <summary>RFC 9162 2.1.4.2.</summary>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        if (oldSize <= 0 || oldSize > newSize)
            return false;
        if (oldSize == newSize)
            return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        if (proof.Count == 0)
            return false;

        var path = (oldSize & (oldSize - 1)) == 0 ? [oldRoot.ToArray(), .. proof] : proof.ToList();
        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
                return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
            }
            else
            {
                sr = NodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(oldRoot) && sr.AsSpan().SequenceEqual(newRoot);
    }

    /// <summary>The k of RFC 6962: the largest power of two strictly smaller than <paramref name="n"/> (n &gt; 1).</summary>
    public static long LargestPowerOfTwoBelow(long n) => 1L << (int)(63 - long.LeadingZeroCount(n - 1));

    private static byte[] SubtreeRoot(IReadOnlyList<byte[]> leaves, long start, long count)
    {
        var frontier = new MerkleFrontier();
        for (var i = start; i < start + count; i++)
            frontier.Append(leaves[(int)i]);
        return frontier.Root();
    }
}
