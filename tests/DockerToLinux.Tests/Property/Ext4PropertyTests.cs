using DockerToLinux.RootFs;
using DockerToLinux.Tests.Fuzz;

namespace DockerToLinux.Tests.Property;

/// <summary>
/// Random trees through the ext4 writer, judged by e2fsck and debugfs only (see <see cref="TreeReadback"/>).
/// Seeded like the fuzz tests: D2L_FUZZ_SEED reproduces a failure, which names its seed and tree.
/// </summary>
public class Ext4PropertyTests
{
    private const int RandomTrees = 200;

    [Fact]
    public async Task Two_hundred_random_trees_are_e2fsck_clean_and_read_back_identical_with_debugfs()
    {
        int seed = FuzzRun.Seed;
        for (int i = 0; i < RandomTrees; i++)
        {
            var random = FuzzRun.CaseRandom(seed, i);
            int entries = random.Next(10) == 0 ? random.Next(60, 160) : random.Next(1, 30);
            await TreeReadback.CheckAsync(RandomTree.Generate(random, entries), $"seed {seed} tree {i}");
        }
    }

    [Fact]
    public async Task A_random_tree_with_every_hard_case_is_e2fsck_clean_and_reads_back_identical()
    {
        int seed = FuzzRun.Seed;
        var random = FuzzRun.CaseRandom(seed, -1);
        var nodes = RandomTree.Generate(random, 40);

        // Data past the first block group (32768 blocks), in runs: several groups and a deep extent tree.
        var spanning = Node(NodeKind.RegularFile, "groups/spanning", pattern: (160L << 20, block => block % 16 != 0));
        // A sparse file over 2 GiB with data at both ends and in the middle.
        const long sparseLength = (3L << 30) + 5;
        var sparse = Node(NodeKind.RegularFile, "huge/sparse", pattern: (sparseLength, block => block is 0 or 393216 || block == (sparseLength - 1) / 4096));
        // A directory of several blocks, holding every kind, with hard links among them.
        var crowd = Node(NodeKind.Directory, "crowd");
        var members = Enumerable.Range(0, 320).Select(i =>
        {
            var member = RandomTree.NewNode(random, (NodeKind)(i % 7));
            member.Paths.Add($"crowd/member-with-a-rather-long-name-{i:D4}");
            return member;
        }).ToList();
        foreach (var member in members.Where(member => member.Kind != NodeKind.Directory).Take(20))
        {
            member.Paths.Add(member.Paths[0] + "-hardlink");
        }
        // Xattrs too big for the inode, so they spill into a block.
        var spilled = Node(NodeKind.RegularFile, "xattr-block", data: "spill"u8.ToArray());
        spilled.Xattrs["user.big"] = Enumerable.Range(0, 1500).Select(i => (byte)i).ToArray();
        spilled.Xattrs["trusted.second"] = new byte[700];

        List<ModelNode> all = [.. nodes, Node(NodeKind.Directory, "groups"), spanning, Node(NodeKind.Directory, "huge"), sparse, crowd, .. members, spilled];
        var stats = await TreeReadback.CheckAsync(all, $"seed {seed} hard tree");

        Assert.True(stats[spilled].FileAcl != 0, "the xattrs did not spill into a block");
        Assert.True(stats[crowd].Size > 4096, $"/crowd is {stats[crowd].Size} bytes, one block");
    }

    private static ModelNode Node(NodeKind kind, string path, byte[]? data = null, (long, Func<long, bool>)? pattern = null)
    {
        var node = new ModelNode
        {
            Kind = kind,
            Mode = kind == NodeKind.Directory ? 0b111_101_101 : 0b110_100_100,
            ModificationSeconds = 1_600_000_000,
            Data = kind == NodeKind.RegularFile && pattern is null ? data ?? [] : null,
            Pattern = pattern,
        };
        node.Paths.Add(path);
        return node;
    }
}
