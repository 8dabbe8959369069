using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>
/// Gives every node an inode number in a fixed order (breadth first, names in ordinal order), so equal trees
/// get equal numbers, and counts each node's names while walking (hard links share one inode).
/// </summary>
internal static class InodeNumbering
{
    /// <summary>The root directory's inode.</summary>
    public const uint RootInode = 2;

    /// <summary>The journal's inode.</summary>
    public const uint JournalInode = 8;

    /// <summary>The first inode for ordinary files (lost+found takes it).</summary>
    public const uint FirstInode = 11;

    private const string LostAndFound = "lost+found";

    /// <summary>
    /// Numbers the tree. Returns the root's plan and, in inode order, the plans of inodes 11 and up.
    /// lost+found is added (as inode 11) unless the tree already has an entry of that name at the root.
    /// </summary>
    public static (InodePlan Root, List<InodePlan> Others) Assign(FsNode root, FsTimestamp creationTime)
    {
        var others = new List<InodePlan>();
        var plans = new Dictionary<FsNode, InodePlan>(ReferenceEqualityComparer.Instance);
        var rootPlan = new InodePlan(root, RootInode) { Parent = RootInode, Names = 1 };
        plans[root] = rootPlan;
        FsNode? lostAndFound = null;
        if (!root.Entries!.ContainsKey(LostAndFound))
        {
            lostAndFound = FsNode.NewDirectory(0b111_000_000);
            lostAndFound.ModificationTime = creationTime;
            var plan = new InodePlan(lostAndFound, FirstInode) { ExtraDirectoryBlocks = 3 };
            plans[lostAndFound] = plan;
            others.Add(plan);
        }
        var queue = new Queue<InodePlan>();
        queue.Enqueue(rootPlan);
        // One list for every directory's names: the tail of a build is serial, and fresh memory is slow.
        var names = new List<(string Key, FsNode Node)>();
        while (queue.Count > 0)
        {
            var directory = queue.Dequeue();
            names.Clear();
            foreach (var (name, entry) in directory.Node.Entries!)
            {
                names.Add((name, entry.Node));
            }
            directory.Children.EnsureCapacity(names.Count + 1);
            if (directory == rootPlan && lostAndFound is not null)
            {
                names.Add((LostAndFound, lostAndFound));
            }
            names.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (var (name, node) in names)
            {
                // Only a node with several names can be met twice: the others skip the map, which would
                // otherwise hold every inode of the image.
                bool shared = node.Kind == NodeKind.Directory || node.LinkCount != 1;
                if (!shared || !plans.TryGetValue(node, out var plan))
                {
                    long number = FirstInode + others.Count;
                    if (number > uint.MaxValue - 1)
                    {
                        throw new D2lException(FailureKind.BadInput, "the image has more files than ext4 can number");
                    }
                    plan = new InodePlan(node, (uint)number);
                    if (shared)
                    {
                        plans[node] = plan;
                    }
                    others.Add(plan);
                }
                else if (plan.Names > 0 && node.Kind == NodeKind.Directory)
                {
                    // A directory can have only one name; a second one would make a loop.
                    continue;
                }
                plan.Names++;
                directory.Children.Add((EncodeName(name), plan));
                if (node.Kind == NodeKind.Directory)
                {
                    plan.Parent = directory.Number;
                    directory.Subdirectories++;
                    queue.Enqueue(plan);
                }
            }
        }
        return (rootPlan, others);
    }

    private static byte[] EncodeName(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length is 0 or > 255 || name is "." or ".." || name.Contains('/') || name.Contains('\0'))
        {
            throw new D2lException(FailureKind.BadInput, $"'{name}' cannot be a file name in ext4 (1 to 255 bytes, no '/')");
        }
        return bytes;
    }
}
