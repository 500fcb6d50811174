using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Platform.Sealing;
using Shouldly;

namespace Roaming.Audit.Tests.Sealing;

/// <summary>The tree math against the RFC 6962 reference vectors (certificate-transparency / trillian test data) and as properties.</summary>
public class MerkleTreeTests
{
    private static readonly byte[][] ReferenceEntries =
        new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
            .Select(Convert.FromHexString).ToArray();

    private static readonly string[] ReferenceRoots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    private static byte[][] ReferenceLeaves => ReferenceEntries.Select(e => MerkleTree.LeafHash(e)).ToArray();

    [Fact]
    public void the_tree_head_of_every_reference_size_matches_rfc_6962()
    {
        for (var size = 0; size <= 8; size++)
            Convert.ToHexStringLower(MerkleTree.Root(ReferenceLeaves, size)).ShouldBe(ReferenceRoots[size], $"size {size}");
    }

    [Theory]
    [InlineData(0, 8, new[] { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" })]
    [InlineData(5, 8, new[] { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" })]
    [InlineData(2, 3, new[] { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" })]
    [InlineData(1, 5, new[] { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" })]
    public void audit_paths_match_the_reference_vectors_and_verify(long index, long size, string[] expected)
    {
        var proof = MerkleTree.InclusionProof(ReferenceLeaves, index, size);
        proof.Select(Convert.ToHexStringLower).ShouldBe(expected);
        MerkleTree.VerifyInclusion(index, size, ReferenceLeaves[index], proof, Convert.FromHexString(ReferenceRoots[size])).ShouldBeTrue();
    }

    [Theory]
    [InlineData(1, 1, new string[0])]
    [InlineData(1, 8, new[] { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" })]
    [InlineData(6, 8, new[] { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" })]
    [InlineData(2, 5, new[] { "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" })]
    public void consistency_proofs_match_the_reference_vectors_and_verify(long oldSize, long newSize, string[] expected)
    {
        var proof = MerkleTree.ConsistencyProof(ReferenceLeaves, oldSize, newSize);
        proof.Select(Convert.ToHexStringLower).ShouldBe(expected);
        MerkleTree.VerifyConsistency(oldSize, newSize, Convert.FromHexString(ReferenceRoots[oldSize]), Convert.FromHexString(ReferenceRoots[newSize]), proof)
            .ShouldBeTrue();
    }

    [Property(MaxTest = 60)]
    public Property every_leaf_of_every_tree_proves_its_inclusion_and_no_other_leaf_does(PositiveInt sizeSeed)
    {
        var size = sizeSeed.Get % 70 + 1;
        var leaves = Leaves(size);
        var root = MerkleTree.Root(leaves);
        var all = Enumerable.Range(0, size).All(i =>
        {
            var proof = MerkleTree.InclusionProof(leaves, i, size);
            var wrongLeaf = MerkleTree.LeafHash([0xFF, (byte)i]);
            return MerkleTree.VerifyInclusion(i, size, leaves[i], proof, root)
                && !MerkleTree.VerifyInclusion(i, size, wrongLeaf, proof, root)
                && (size == 1 || !MerkleTree.VerifyInclusion((i + 1) % size, size, leaves[i], proof, root));
        });
        return all.ToProperty();
    }

    [Property(MaxTest = 60)]
    public Property every_earlier_tree_is_provably_a_prefix_of_a_later_one(PositiveInt a, PositiveInt b)
    {
        var newSize = a.Get % 70 + 1;
        var oldSize = b.Get % newSize + 1;
        var leaves = Leaves(newSize);
        var proof = MerkleTree.ConsistencyProof(leaves, oldSize, newSize);
        var oldRoot = MerkleTree.Root(leaves, oldSize);
        var newRoot = MerkleTree.Root(leaves);
        var forgedOldRoot = MerkleTree.NodeHash(oldRoot, oldRoot);
        return (MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)
                && (oldSize == newSize || !MerkleTree.VerifyConsistency(oldSize, newSize, forgedOldRoot, newRoot, proof)))
            .ToProperty();
    }

    [Property(MaxTest = 40)]
    public Property the_frontier_gives_the_recursive_tree_head_at_every_size_and_survives_a_restore(PositiveInt sizeSeed, PositiveInt cutSeed)
    {
        var size = sizeSeed.Get % 200 + 1;
        var cut = cutSeed.Get % size;
        var leaves = Leaves(size);
        var frontier = new MerkleFrontier();
        foreach (var leaf in leaves.Take(cut))
            frontier.Append(leaf);
        var restored = MerkleFrontier.Restore(cut, frontier.Hashes);
        foreach (var leaf in leaves.Skip(cut))
            restored.Append(leaf);
        return restored.Root().SequenceEqual(RecursiveRoot(leaves, 0, size)).ToProperty();
    }

    [Fact]
    public void a_leaf_can_never_pass_for_an_interior_node()
    {
        var left = MerkleTree.LeafHash([1]);
        var right = MerkleTree.LeafHash([2]);
        var node = MerkleTree.NodeHash(left, right);
        MerkleTree.LeafHash([.. left, .. right]).ShouldNotBe(node);
    }

    private static byte[][] Leaves(int size) =>
        Enumerable.Range(0, size).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i * 7919))).ToArray();

    /// <summary>RFC 6962's definition, literally, as the oracle.</summary>
    private static byte[] RecursiveRoot(byte[][] leaves, int start, int count)
    {
        if (count == 1)
            return leaves[start];
        var k = (int)MerkleTree.LargestPowerOfTwoBelow(count);
        return MerkleTree.NodeHash(RecursiveRoot(leaves, start, k), RecursiveRoot(leaves, start + k, count - k));
    }
}
