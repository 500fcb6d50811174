namespace Roaming.Platform.Sealing;

/// <summary>
/// The right edge of an append-only RFC 6962 tree: the roots of the perfect subtrees that the binary decomposition of
/// the size gives (at most 64 hashes). Appending a leaf and reading the head are O(log n) without keeping the
/// leaves, which is what the sealer, the checkpoint signer and the million-event verifier need. It is a mutable
/// accumulator on purpose: a leaf a time, no allocation beyond the merged nodes.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<(int Height, byte[] Hash)> _subtrees = [];

    public long Size { get; private set; }

    public void Append(byte[] leafHash)
    {
        var hash = leafHash;
        var height = 0;
        // Two perfect subtrees of the same height are siblings: the left one is always the older.
        while (_subtrees.Count > 0 && _subtrees[^1].Height == height)
        {
            hash = MerkleTree.NodeHash(_subtrees[^1].Hash, hash);
            _subtrees.RemoveAt(_subtrees.Count - 1);
            height++;
        }
        _subtrees.Add((height, hash));
        Size++;
    }

    /// <summary>The tree head: the subtrees folded from the right, as RFC 6962's split at the largest power of two does.</summary>
    public byte[] Root()
    {
        if (_subtrees.Count == 0)
            return MerkleTree.EmptyRoot();
        var root = _subtrees[^1].Hash;
        for (var i = _subtrees.Count - 2; i >= 0; i--)
            root = MerkleTree.NodeHash(_subtrees[i].Hash, root);
        return root;
    }

    /// <summary>The subtree roots, oldest (largest) first: with them a verifier can continue a tree without its earlier leaves.</summary>
    public IReadOnlyList<byte[]> Hashes => _subtrees.Select(s => s.Hash).ToArray();

    public MerkleFrontier Copy() => Restore(Size, Hashes);

    /// <summary>Rebuilds the frontier of a tree of <paramref name="size"/> leaves from its <see cref="Hashes"/>.</summary>
    public static MerkleFrontier Restore(long size, IReadOnlyList<byte[]> hashes)
    {
        var heights = Enumerable.Range(0, 63).Reverse().Where(bit => ((size >> bit) & 1) == 1).ToArray();
        if (heights.Length != hashes.Count)
            throw new ArgumentException($"a tree of {size} leaves has {heights.Length} frontier hashes, not {hashes.Count}");
        var frontier = new MerkleFrontier { Size = size };
        for (var i = 0; i < heights.Length; i++)
            frontier._subtrees.Add((heights[i], hashes[i]));
        return frontier;
    }
}
