using System.Text.RegularExpressions;
using DockerToLinux.Disks;
using DockerToLinux.Ext4;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Ext4;

/// <summary>An ext4 image built into a sparse file for a test, with e2fsprogs as the referee.</summary>
internal sealed partial class Ext4TestImage : IDisposable
{
    private readonly TempDir _dir = new();

    private Ext4TestImage()
    {
        Path = _dir.File("fs.img");
    }

    public string Path { get; }

    public Ext4Result Result { get; private set; } = null!;

    /// <summary>Fixed identity and times, so builds are reproducible.</summary>
    public static Ext4Options Options(long? sizeBytes = null, long maxSizeBytes = 4L << 30) => new()
    {
        Uuid = Guid.Parse("11111111-2222-3333-4444-555555555555"),
        HashSeed = Guid.Parse("66666666-7777-8888-9999-aaaaaaaaaaaa"),
        Label = "d2l-test",
        SizeBytes = sizeBytes,
        MaxSizeBytes = maxSizeBytes,
        CreationTime = new FsTimestamp(1_700_000_000, 0),
    };

    /// <summary>Builds a filesystem from whatever <paramref name="populate"/> puts in the tree.</summary>
    public static async Task<Ext4TestImage> BuildAsync(Func<Ext4Builder, FileTree, Task> populate, Ext4Options? options = null)
    {
        var image = new Ext4TestImage();
        await using var disk = new RawDiskTarget(image.Path);
        await using var builder = new Ext4Builder(disk, options ?? Options());
        var tree = new FileTree(builder.Release);
        await populate(builder, tree);
        image.Result = await builder.FinishAsync(tree.Root, CancellationToken.None);
        await disk.CompleteAsync(image.Result.SizeBytes, CancellationToken.None);
        return image;
    }

    /// <summary>Stores <paramref name="data"/> as a regular file at <paramref name="path"/>.</summary>
    public static async Task<FsNode> AddFileAsync(Ext4Builder builder, FileTree tree, string path, byte[] data, int permissions = 0b110_100_100)
    {
        var content = await builder.AddAsync(new MemoryStream(data), data.Length, CancellationToken.None);
        var node = FsNode.NewFile(content, permissions);
        node.ModificationTime = new FsTimestamp(1_600_000_000, 0);
        Assert.True(tree.Set(path, node, 0));
        return node;
    }

    /// <summary>Runs <c>e2fsck -fn</c> and requires a clean result.</summary>
    public void AssertClean() => Tool.Run("e2fsck", "-fn", Path).EnsureSuccess("e2fsck -fn");

    /// <summary>Runs one debugfs request and returns its standard output with runs of spaces collapsed.</summary>
    public string Debugfs(string request)
    {
        var result = Tool.Run("debugfs", "-R", request, Path);
        Assert.True(result.ExitCode == 0, $"debugfs {request}: {result.StdErr}");
        return Spaces().Replace(result.StdOut, " ");
    }

    /// <summary>The bytes of a file as debugfs dumps them.</summary>
    public byte[] Cat(string path)
    {
        string target = _dir.File("dump-" + Guid.NewGuid().ToString("N"));
        Tool.Run("debugfs", "-R", $"dump {path} {target}", Path);
        return File.ReadAllBytes(target);
    }

    /// <summary>dumpe2fs -h output.</summary>
    public string SuperblockSummary() => Spaces().Replace(Tool.Run("dumpe2fs", "-h", Path).EnsureSuccess("dumpe2fs").StdOut, " ");

    public void Dispose() => _dir.Dispose();

    [GeneratedRegex("[ \t]+")]
    private static partial Regex Spaces();
}
