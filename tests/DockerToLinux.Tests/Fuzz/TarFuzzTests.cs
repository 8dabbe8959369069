using System.Formats.Tar;
using System.Text;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Fuzz;

/// <summary>
/// Thousands of mutated layers through <see cref="LayerApplier"/>: each is applied over a clean base layer, and
/// either flattens into a tree that keeps the filesystem's rules or is refused with a one-line bad-input error.
/// </summary>
public class TarFuzzTests
{
    private const int Cases = 3000;

    private static byte[] BaseLayer() => new TestLayer()
        .Dir("etc").File("etc/data", "lower data").File("etc/keep", "keep").Dir("usr/lib", 0b111_101_101)
        .Symlink("lib", "usr/lib").ToArray();

    // Every entry kind, PAX records (long names, xattrs, big ids), hard links, whiteouts and an opaque marker.
    private static byte[][] Corpus() =>
    [
        new TestLayer()
            .Dir("etc", 0b111_101_101, 1, 1)
            .File("etc/data", "upper " + new string('d', 700), 0b110_100_000, 1000, 1000)
            .File("etc/xattr", "x", pax: new Dictionary<string, string> { ["SCHILY.xattr.user.comment"] = "hello", ["uid"] = "3000000000" })
            .File("deep/" + new string('p', 120) + "/" + new string('q', 120), "long path")
            .HardLink("etc/data-link", "etc/data")
            .HardLink("etc/keep-link", "etc/keep")
            .Symlink("etc/escape", "../../../../etc/shadow")
            .Device(TarEntryType.CharacterDevice, "dev/null", 1, 3)
            .Device(TarEntryType.BlockDevice, "dev/sda", 8, 0)
            .Fifo("run/fifo")
            .Whiteout("etc/keep")
            .Opaque("usr/lib")
            .ToArray(),
        new TestLayer(TarEntryFormat.Gnu)
            .Dir("opt")
            .File("opt/" + new string('g', 150), "gnu long name")
            .Symlink("opt/" + new string('s', 130), new string('t', 140))
            .HardLink("opt/link", "opt/" + new string('g', 150))
            .ToArray(),
        new TestLayer()
            .FileWithRawPax("bin/tool", "tool", 0b111_101_101, 1_700_000_000,
                ("SCHILY.xattr.security.capability", [1, 0, 0, 2, 0, 0xFF, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                ("mtime", Encoding.ASCII.GetBytes("1700000000.123456789")),
                ("path", Encoding.ASCII.GetBytes("bin/renamed")),
                ("size", Encoding.ASCII.GetBytes("4")))
            .ToArray(),
    ];

    [Fact]
    public async Task Mutated_layers_either_flatten_into_a_valid_tree_or_are_refused_in_one_line()
    {
        var corpus = Corpus();
        var (accepted, refused) = await FuzzRun.RunAsync("tar", Cases, async (random, _) =>
        {
            byte[] layer = TarMutator.Mutate(corpus[random.Next(corpus.Length)], random);
            var store = new MemoryContentStore();
            var tree = new FileTree(store.Release);
            await LayerApplier.ApplyAsync(tree, new MemoryStream(BaseLayer()), 0, store, CancellationToken.None);
            await LayerApplier.ApplyAsync(tree, new MemoryStream(layer), 1, store, CancellationToken.None);
            CheckTree(tree);
        });
        // Both outcomes must be common, or the mutations are too weak (all accepted) or too blunt (all refused).
        Assert.True(accepted > Cases / 10 && refused > Cases / 10, $"accepted {accepted}, refused {refused}");
    }

    [Fact]
    public async Task Hostile_PAX_records_are_applied_or_refused_in_one_line()
    {
        string[] keys = ["path", "linkpath", "size", "uid", "gid", "mtime", "uname", "SCHILY.xattr.user.a", "SCHILY.xattr.", "SCHILY.xattr.trusted.big", "GNU.sparse.size", "comment"];
        string[] values = ["../../x", "/abs", "", "-1", "99999999999999999999", "1e9", "-.5", "abc", "0", "1.999999999999", new string('v', 70000), "a\0b", ".wh..wh..opq", new string('n', 300)];
        await FuzzRun.RunAsync("pax", 1000, async (random, _) =>
        {
            var records = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => (keys[random.Next(keys.Length)], Encoding.UTF8.GetBytes(values[random.Next(values.Length)]))).ToArray();
            byte[] layer = new TestLayer().Dir("srv").FileWithRawPax("srv/file", "content", 0b110_100_100, 1_700_000_000, records).ToArray();
            if (random.Next(3) == 0)
            {
                layer = TarMutator.Mutate(layer, random);
            }
            var store = new MemoryContentStore();
            var tree = new FileTree(store.Release);
            await LayerApplier.ApplyAsync(tree, new MemoryStream(layer), 0, store, CancellationToken.None);
            CheckTree(tree);
        });
    }

    // What ext4 and the rest of the pipeline rely on: names that are single, real path components of at most
    // 255 bytes, file lengths that match the stored bytes, link counts that match the names.
    private static void CheckTree(FileTree tree)
    {
        var names = new Dictionary<FsNode, int>(ReferenceEqualityComparer.Instance);
        foreach (var (path, entry) in tree.Walk())
        {
            string name = path.Split('/')[^1];
            Assert.False(name.Length == 0 || name is "." or ".." || name.Contains('\0') || Encoding.UTF8.GetByteCount(name) > 255,
                $"bad name in '{path}'");
            if (entry.Node.Content is { } content)
            {
                Assert.Equal(content.Length, MemoryContentStore.Bytes(content).Length);
            }
            names[entry.Node] = names.GetValueOrDefault(entry.Node) + 1;
        }
        foreach (var (node, count) in names.Where(pair => pair.Key.Kind != NodeKind.Directory))
        {
            Assert.Equal(count, node.LinkCount);
        }
    }
}
