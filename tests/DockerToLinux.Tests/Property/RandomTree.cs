using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Tests.Property;

/// <summary>
/// Generates random trees: every file type, modes with setuid/sticky bits, large ids, names up to 255 bytes
/// (some multi-byte UTF-8), empty, small, block-sized, holey and all-zero files, short and long symlink
/// targets, xattrs small enough for the inode and big enough to spill into a block, and hard links.
/// </summary>
internal static class RandomTree
{
    private static readonly long[] Ids = [0, 0, 0, 1, 33, 1000, 65534, 65536, 100_000, 2_000_000_000];
    private static readonly string[] XattrNames = ["user.comment", "user.mime_type", "trusted.overlay", "security.selinux", "user.k"];

    /// <summary>A tree of about <paramref name="entries"/> names under the root (directories first in the list).</summary>
    public static List<ModelNode> Generate(Random random, int entries)
    {
        var nodes = new List<ModelNode>();
        var directories = new List<string> { string.Empty };
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < entries; i++)
        {
            string parent = directories[random.Next(directories.Count)];
            string path = UniqueName(random, parent, taken);
            var candidates = nodes.Where(node => node.Kind != NodeKind.Directory).ToList();
            if (random.Next(10) == 0 && candidates.Count > 0)
            {
                candidates[random.Next(candidates.Count)].Paths.Add(path);
                continue;
            }
            var node = NewNode(random, random.Next(100) switch
            {
                < 40 => NodeKind.RegularFile,
                < 62 => NodeKind.Directory,
                < 80 => NodeKind.Symlink,
                < 85 => NodeKind.CharacterDevice,
                < 90 => NodeKind.BlockDevice,
                < 95 => NodeKind.Fifo,
                _ => NodeKind.Socket,
            });
            node.Paths.Add(path);
            nodes.Add(node);
            if (node.Kind == NodeKind.Directory)
            {
                directories.Add(path);
            }
        }
        return nodes;
    }

    public static ModelNode NewNode(Random random, NodeKind kind)
    {
        var pattern = kind == NodeKind.RegularFile ? PatternFor(random) : null;
        var node = new ModelNode
        {
            Kind = kind,
            Mode = kind == NodeKind.Symlink ? 0b111_111_111 : random.Next(5) == 0 ? random.Next(1 << 12) : kind == NodeKind.Directory ? 0b111_101_101 : 0b110_100_100,
            Uid = Ids[random.Next(Ids.Length)],
            Gid = Ids[random.Next(Ids.Length)],
            ModificationSeconds = random.NextInt64(0, int.MaxValue),
            Data = kind == NodeKind.RegularFile && pattern is null ? RandomContent(random) : null,
            Pattern = pattern,
            Target = kind == NodeKind.Symlink ? RandomTarget(random) : null,
            Major = kind is NodeKind.CharacterDevice or NodeKind.BlockDevice ? random.Next(5) == 0 ? random.Next(4096) : random.Next(256) : 0,
            Minor = kind is NodeKind.CharacterDevice or NodeKind.BlockDevice ? random.Next(5) == 0 ? random.Next(1 << 20) : random.Next(256) : 0,
        };
        int xattrs = random.Next(6) == 0 ? random.Next(1, 4) : 0;
        for (int i = 0; i < xattrs; i++)
        {
            var value = new byte[random.Next(3) == 0 ? random.Next(200, 1200) : random.Next(0, 40)];
            random.NextBytes(value);
            node.Xattrs[XattrNames[random.Next(XattrNames.Length)] + i] = value;
        }
        return node;
    }

    // A tenth of the files are holey (every other block: more than four extents) or all zeros (one big hole).
    private static (long, Func<long, bool>)? PatternFor(Random random) => random.Next(20) switch
    {
        0 => (random.Next(9, 40) * 4096L + random.Next(4096), block => block % 2 == 0),
        1 => (random.Next(1, 300_000), _ => false),
        _ => null,
    };

    private static byte[] RandomContent(Random random)
    {
        int length = random.Next(8) switch
        {
            0 => 0,
            1 or 2 => random.Next(1, 60),
            3 => 4096 * random.Next(1, 4),
            4 => random.Next(60, 200_000),
            _ => random.Next(60, 5000),
        };
        var data = new byte[length];
        random.NextBytes(data);
        return data;
    }

    private static string RandomTarget(Random random) => random.Next(4) switch
    {
        0 => "/usr/lib/" + RandomName(random, 1, 20),
        1 => "../" + RandomName(random, 1, 20) + "/x",
        2 => string.Concat(Enumerable.Range(0, random.Next(4, 30)).Select(_ => RandomName(random, 3, 12) + "/")) + "end",
        _ => RandomName(random, 1, 50),
    };

    private static string UniqueName(Random random, string parent, HashSet<string> taken)
    {
        while (true)
        {
            string name = random.Next(25) switch
            {
                0 => new string('L', 255),
                1 => string.Concat(Enumerable.Repeat("é", 127)) + "x",
                _ => RandomName(random, 1, 24),
            };
            string path = parent.Length == 0 ? name : parent + "/" + name;
            if (name is not ("." or "..") && Encoding.UTF8.GetByteCount(name) <= 255 && taken.Add(path))
            {
                return path;
            }
        }
    }

    private static string RandomName(Random random, int min, int max)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789._-ABCXYZé";
        return new string(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }
}
