using System.Formats.Tar;
using System.Text.Json.Nodes;
using DockerToLinux.Images;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// The small image every producer in the corpus writes: a base layer and an upper layer that deletes a file,
/// adds another and hard-links into the base. What d2l reads from the reference OCI layout is what it must
/// read from every producer's archive.
/// </summary>
public static class CorpusImage
{
    /// <summary>The tag the producers give the image.</summary>
    public const string Tag = "corpus/sample:1";

    /// <summary>The uncompressed layer tars, base first.</summary>
    public static readonly IReadOnlyList<byte[]> Tars =
    [
        new TestLayer().Dir("etc").File("etc/os-release", "ID=corpus\n").Dir("srv").File("srv/old", "old\n")
            .File("srv/tool", new string('t', 3000), mode: 0b111_101_101).ToArray(),
        new TestLayer().Dir("srv").Whiteout("srv/old").File("srv/new", new string('n', 9000)).HardLink("srv/tool-link", "srv/tool").ToArray(),
    ];

    /// <summary>The layers as plain tar blobs.</summary>
    public static IReadOnlyList<TestBlobLayer> Plain => Tars.Select(OciLayoutWriter.Plain).ToList();

    /// <summary>The layers as gzip blobs.</summary>
    public static IReadOnlyList<TestBlobLayer> Gzip => Tars.Select(OciLayoutWriter.Gzip).ToList();

    /// <summary>The layers as zstd blobs.</summary>
    public static IReadOnlyList<TestBlobLayer> Zstd => Tars.Select(OciLayoutWriter.Zstd).ToList();

    /// <summary>The config JSON (Docker's field names) of the image.</summary>
    public static JsonObject Config() => OciLayoutWriter.Config(Plain);

    /// <summary>The tree d2l reads from the reference layout: the expected result for every producer.</summary>
    public static async Task<TreeSnapshot> ExpectedAsync()
    {
        using var temp = new TempDir();
        OciLayoutWriter.WriteLayout(temp.File("layout"), Plain);
        return (await ImageSnapshots.OfAsync($"oci:{temp.File("layout")}")).Snapshot;
    }

    /// <summary>Opens <paramref name="reference"/>, flattens it and checks the tree and the config against the reference.</summary>
    public static async Task<ContainerImage> AssertReadsAsync(string reference, ImageSourceOptions? options = null)
    {
        var (snapshot, image) = await ImageSnapshots.OfAsync(reference, options);
        ImageSnapshots.AssertSame(await ExpectedAsync(), snapshot, reference);
        Assert.Equal(["PATH=/usr/bin:/bin", "GREETING=hello"], image.Config.Env);
        Assert.Equal(["/bin/sh", "-c", "echo hi"], image.Config.Cmd);
        return image;
    }

    /// <summary>Writes a tar archive of the given files in order, as the producers' tar writers do.</summary>
    public static void WriteArchive(string path, IEnumerable<(string Name, byte[] Data)> files, TarEntryFormat format = TarEntryFormat.Ustar)
    {
        using var file = File.Create(path);
        using var writer = new TarWriter(file, format);
        foreach (var (name, data) in files)
        {
            TarEntry entry = format switch
            {
                TarEntryFormat.Pax => new PaxTarEntry(TarEntryType.RegularFile, name),
                TarEntryFormat.Gnu => new GnuTarEntry(TarEntryType.RegularFile, name),
                _ => new UstarTarEntry(TarEntryType.RegularFile, name),
            };
            entry.Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            entry.ModificationTime = DateTimeOffset.UnixEpoch;
            entry.DataStream = new MemoryStream(data);
            writer.WriteEntry(entry);
        }
    }

    /// <summary>The hex part of a "sha256:…" digest.</summary>
    public static string Hex(byte[] data) => OciLayoutWriter.Sha(data)[7..];
}
