using System.Text;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Ext4;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Property;

/// <summary>
/// Builds a generated tree with the ext4 writer into a sparse file, then judges it only with e2fsprogs:
/// <c>e2fsck -fn</c> must be clean, and debugfs (<c>stat</c>, <c>ea_list</c>, <c>ea_get</c>, <c>bmap</c>,
/// <c>rdump</c>) must show every name with its type, mode, owner, time, size, link count, shared inode for
/// hard links, device numbers, xattrs, link target and content.
/// </summary>
internal static class TreeReadback
{
    private static readonly Dictionary<NodeKind, string> DebugfsTypes = new()
    {
        [NodeKind.RegularFile] = "regular",
        [NodeKind.Directory] = "directory",
        [NodeKind.Symlink] = "symlink",
        [NodeKind.CharacterDevice] = "character special",
        [NodeKind.BlockDevice] = "block special",
        [NodeKind.Fifo] = "FIFO",
        [NodeKind.Socket] = "socket",
    };

    /// <summary>Builds and checks; <paramref name="label"/> (seed and case) starts every failure message.</summary>
    /// <returns>The stat of every node's first name, for tests that look for particular layouts.</returns>
    public static async Task<Dictionary<ModelNode, StatInfo>> CheckAsync(IReadOnlyList<ModelNode> nodes, string label)
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var made = new Dictionary<ModelNode, FsNode>();
            foreach (var node in nodes)
            {
                made[node] = await node.ToFsNodeAsync(builder);
                Assert.True(tree.Set(node.Paths[0], made[node], 0), $"{label}: cannot place /{node.Paths[0]}");
            }
            // Extra names last: their folders may be made after the file.
            foreach (var node in nodes)
            {
                foreach (string path in node.Paths.Skip(1))
                {
                    Assert.True(tree.Set(path, made[node], 0), $"{label}: cannot link /{path}");
                }
            }
        });
        var fsck = Tool.Run("e2fsck", "-fn", image.Path);
        Assert.True(fsck.ExitCode == 0, $"{label}: e2fsck -fn exited {fsck.ExitCode}\n{fsck.StdOut}\n{fsck.StdErr}");

        using var scratch = new TempDir();
        string dump = scratch.File("dump");
        Directory.CreateDirectory(dump);
        var requests = new List<string>();
        var stats = new List<(ModelNode Node, string Path, int At)>();
        var lists = new Dictionary<ModelNode, int>();
        var values = new List<(ModelNode Node, string Name, string File)>();
        var bmaps = new List<(ModelNode Node, long Block, int At)>();
        foreach (var node in nodes)
        {
            foreach (string path in node.Paths)
            {
                stats.Add((node, path, requests.Count));
                requests.Add(DebugfsReadback.Request("stat", path));
            }
            lists[node] = requests.Count;
            requests.Add(DebugfsReadback.Request("ea_list", node.Paths[0]));
            foreach (string name in node.Xattrs.Keys)
            {
                string file = scratch.File("xattr-" + values.Count);
                values.Add((node, name, file));
                requests.Add($"ea_get -f {file} \"/{node.Paths[0]}\" {name}");
            }
            if (node.Huge)
            {
                long last = (node.Length - 1) / 4096;
                foreach (long block in new[] { 0, 1, last / 2, last - 1, last }.Distinct())
                {
                    bmaps.Add((node, block, requests.Count));
                    requests.Add(DebugfsReadback.Request("bmap", node.Paths[0], block.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }
        // Whole top-level entries are dumped, except those holding a file too big to dump.
        var tops = nodes.SelectMany(node => node.Paths).Select(path => path.Split('/')[0]).Distinct(StringComparer.Ordinal)
            .Where(top => !nodes.Any(node => node.Huge && node.Paths.Any(path => path == top || path.StartsWith(top + "/", StringComparison.Ordinal))))
            .ToList();
        if (tops.Count > 0)
        {
            requests.Add("rdump " + string.Join(' ', tops.Select(top => $"\"/{top}\"")) + " " + dump);
        }
        var answers = DebugfsReadback.Batch(image.Path, requests, scratch.Path);

        var firstStat = new Dictionary<ModelNode, StatInfo>();
        foreach (var (node, path, at) in stats)
        {
            var stat = DebugfsReadback.ParseStat(answers[at], path);
            string where = $"{label}: /{path}";
            Assert.True(DebugfsTypes[node.Kind] == stat.Type, $"{where}: type {stat.Type}, expected {DebugfsTypes[node.Kind]}");
            Assert.True(node.Mode == stat.Mode, $"{where}: mode {Convert.ToString(stat.Mode, 8)}, expected {Convert.ToString(node.Mode, 8)}");
            Assert.True((node.Uid, node.Gid) == (stat.Uid, stat.Gid), $"{where}: owner {stat.Uid}:{stat.Gid}, expected {node.Uid}:{node.Gid}");
            Assert.True(node.ModificationSeconds == stat.ModificationSeconds, $"{where}: mtime {stat.ModificationSeconds}");
            long size = node.Kind switch
            {
                NodeKind.RegularFile => node.Length,
                NodeKind.Symlink => Encoding.UTF8.GetByteCount(node.Target!),
                _ => -1,
            };
            Assert.True(size < 0 || size == stat.Size, $"{where}: size {stat.Size}, expected {size}");
            int links = node.Kind == NodeKind.Directory
                ? 2 + nodes.Count(other => other.Kind == NodeKind.Directory && Parent(other.Paths[0]) == node.Paths[0])
                : node.Paths.Count;
            Assert.True(links == stat.Links, $"{where}: {stat.Links} links, expected {links}");
            if (node.Kind is NodeKind.CharacterDevice or NodeKind.BlockDevice)
            {
                Assert.True((node.Major, node.Minor) == (stat.Major, stat.Minor), $"{where}: device {stat.Major}:{stat.Minor}");
            }
            if (firstStat.TryGetValue(node, out var first))
            {
                Assert.True(first.Inode == stat.Inode, $"{where}: inode {stat.Inode}, but its other name has {first.Inode}");
            }
            else
            {
                firstStat[node] = stat;
            }
        }
        foreach (var (node, at) in lists)
        {
            var shown = DebugfsReadback.ParseXattrNames(answers[at]);
            var expected = new SortedDictionary<string, int>(node.Xattrs.ToDictionary(pair => pair.Key, pair => pair.Value.Length), StringComparer.Ordinal);
            Assert.True(shown.SequenceEqual(expected), $"{label}: /{node.Paths[0]} xattrs [{string.Join(", ", shown)}], expected [{string.Join(", ", expected)}]");
        }
        foreach (var (node, name, file) in values)
        {
            Assert.True(File.Exists(file) && File.ReadAllBytes(file).SequenceEqual(node.Xattrs[name]), $"{label}: /{node.Paths[0]} xattr {name} differs");
        }
        CheckHugeFiles(image.Path, bmaps, answers, label);
        CheckDump(nodes, dump, tops, label);
        return firstStat;
    }

    private static string Parent(string path) => path.Contains('/') ? path[..path.LastIndexOf('/')] : string.Empty;

    // Blocks of a huge sparse file: data blocks are where debugfs's block map says, holes map to nothing.
    private static void CheckHugeFiles(string image, List<(ModelNode Node, long Block, int At)> bmaps, List<string> answers, string label)
    {
        using var disk = File.OpenRead(image);
        var bytes = new byte[4096];
        foreach (var (node, block, at) in bmaps)
        {
            long physical = long.Parse(answers[at].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            bool data = node.Pattern!.Value.IsData(block);
            Assert.True(data == (physical != 0), $"{label}: /{node.Paths[0]} block {block} maps to {physical}");
            if (data)
            {
                disk.Position = physical * 4096;
                disk.ReadExactly(bytes);
                int valid = (int)Math.Min(4096, node.Length - block * 4096);
                for (int i = 0; i < valid; i++)
                {
                    Assert.True(PatternStream.ByteAt(block * 4096 + i, node.Pattern.Value.IsData) == bytes[i], $"{label}: /{node.Paths[0]} byte {block * 4096 + i}");
                }
            }
        }
    }

    private static void CheckDump(IReadOnlyList<ModelNode> nodes, string dump, List<string> tops, string label)
    {
        foreach (var node in nodes.Where(node => !node.Huge))
        {
            foreach (string path in node.Paths.Where(path => tops.Contains(path.Split('/')[0])))
            {
                string local = Path.Combine(dump, path);
                switch (node.Kind)
                {
                    case NodeKind.RegularFile:
                        Assert.True(File.Exists(local), $"{label}: /{path} was not dumped");
                        using (var actual = File.OpenRead(local))
                        using (var expected = node.OpenContent())
                        {
                            Assert.True(SameBytes(expected, actual), $"{label}: /{path} content differs");
                        }
                        break;
                    case NodeKind.Symlink:
                        Assert.True(new FileInfo(local).LinkTarget == node.Target, $"{label}: /{path} points to '{new FileInfo(local).LinkTarget}'");
                        break;
                    case NodeKind.Directory:
                        Assert.True(Directory.Exists(local), $"{label}: /{path} was not dumped");
                        break;
                }
            }
        }
    }

    private static bool SameBytes(Stream expected, Stream actual)
    {
        var a = new byte[1 << 16];
        var b = new byte[1 << 16];
        while (true)
        {
            int read = expected.ReadAtLeast(a, a.Length, throwOnEndOfStream: false);
            int other = actual.ReadAtLeast(b, b.Length, throwOnEndOfStream: false);
            if (read != other || !a.AsSpan(0, read).SequenceEqual(b.AsSpan(0, other)))
            {
                return false;
            }
            if (read == 0)
            {
                return true;
            }
        }
    }
}
