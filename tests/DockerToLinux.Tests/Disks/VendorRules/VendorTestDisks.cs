using System.Collections.Concurrent;
using DockerToLinux.Disks;
using DockerToLinux.Pipeline;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks.VendorRules;

/// <summary>
/// The disks the vendor-rule tests judge: one small image built in every format d2l writes, holding a 5 MiB
/// file of random bytes (incompressible) and files that a later layer deletes (their blocks end up zeros);
/// and the same disk grown by five sectors, so that its size is not a whole number of any format's blocks
/// (builds are whole MiB), converted into every format. Built once per test run, reproducibly.
/// </summary>
public static class VendorTestDisks
{
    /// <summary>The epoch the disks are built with, so every format's file is reproducible.</summary>
    public const long Epoch = 1_700_000_000;

    private static readonly TempDir Folder = new();
    private static readonly Lazy<string> Layout = new(WriteLayout);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Disks = new();

    /// <summary>Bytes the odd-sized disk has beyond the built one: five sectors.</summary>
    public const int OddTail = 5 * 512;

    /// <summary>The disk of <paramref name="format"/> (built on first use), named after the format's case.</summary>
    public static Task<string> PathAsync(FormatCase format) =>
        Disks.GetOrAdd(format.Name, _ => new Lazy<Task<string>>(() => BuildAsync(format.Format, Folder.File(format.Name + format.Extension)))).Value;

    /// <summary>
    /// The built disk, or with <paramref name="odd"/> the odd-sized disk converted by <c>d2l convert</c>'s
    /// converter, as <paramref name="format"/>. Both are named after the format's case.
    /// </summary>
    public static Task<string> PathAsync(FormatCase format, bool odd) => !odd ? PathAsync(format) :
        Disks.GetOrAdd("odd-" + format.Name, _ => new Lazy<Task<string>>(async () =>
        {
            string path = Path.Combine(Folder.Path, "odd", format.Name + format.Extension);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await new DiskConverter().ConvertAsync(await OddRawAsync(), path, format.Format, false, FormatCase.Stamp, null, CancellationToken.None);
            return path;
        })).Value;

    /// <summary>The raw disk grown by <see cref="OddTail"/> zero bytes.</summary>
    public static Task<string> OddRawAsync() =>
        Disks.GetOrAdd("odd-raw", _ => new Lazy<Task<string>>(async () =>
        {
            string path = Folder.File("odd.img");
            File.Copy(await RawAsync(), path);
            await using var file = File.OpenWrite(path);
            file.SetLength(file.Length + OddTail);
            return path;
        })).Value;

    /// <summary>The same image as a raw disk.</summary>
    public static Task<string> RawAsync() =>
        Disks.GetOrAdd("raw", _ => new Lazy<Task<string>>(() => BuildAsync(DiskFormat.Raw, Folder.File("disk.img")))).Value;

    /// <summary>Builds the test image into <paramref name="path"/> as <paramref name="format"/>.</summary>
    public static async Task<string> BuildAsync(DiskFormat format, string path)
    {
        await new DiskBuilder().BuildAsync(new BuildOptions
        {
            Source = $"oci:{Layout.Value}",
            OutputPath = path,
            Format = format,
            Bootloader = Bootloader.None,
            PartitionTable = PartitionTable.Gpt,
            SourceDateEpoch = Epoch,
        }, null, CancellationToken.None);
        return path;
    }

    private static string WriteLayout()
    {
        var random = new Random(24);
        byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        }
        var layer0 = new TestLayer().Dir("data").File("data/random.bin", Bytes(5 << 20)).File("data/doomed.bin", Bytes(3 << 20))
            .File("data/text.txt", string.Concat(Enumerable.Repeat("a line of text that compresses well\n", 6000))).Dir("gone");
        for (int i = 0; i < 30; i++)
        {
            layer0.File($"gone/g-{i:00}", Bytes(64 << 10));
        }
        var layer1 = new TestLayer().Dir("data").Whiteout("data/doomed.bin").Whiteout("gone").File("data/later.bin", Bytes(2 << 20));
        string layout = Folder.File("layout");
        OciLayoutWriter.WriteLayout(layout, [OciLayoutWriter.Gzip(layer0.ToArray()), OciLayoutWriter.Gzip(layer1.ToArray())]);
        return layout;
    }
}
