using System.Formats.Tar;
using System.Security.Cryptography;
using DockerToLinux.Images;
using DockerToLinux.Publish;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Publish;

/// <summary>The containerDisk layer: what KubeVirt needs of its members, its digests, and the same bytes every time.</summary>
public sealed class ContainerDiskLayerTests : IDisposable
{
    private const long Time = 1_700_000_000;
    private readonly TempDir _temp = new();

    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    [InlineData(LayerCompression.None)]
    public async Task The_layer_holds_disk_0555_and_the_disk_file_0440_owned_by_107_with_its_digests_and_the_same_bytes_twice(LayerCompression compression)
    {
        string disk = _temp.File("disk.qcow2");
        var content = new byte[3 * 1024 * 1024 + 123];
        new Random(7).NextBytes(content.AsSpan(0, 1024 * 1024));
        await File.WriteAllBytesAsync(disk, content);
        var layer = new ContainerDiskLayer(disk, "disk.qcow2", Time, compression);

        using var first = new MemoryStream();
        using var second = new MemoryStream();
        var digests = await layer.WriteAsync(first, CancellationToken.None);
        await layer.WriteAsync(second, CancellationToken.None);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(Digest.Sha256Of(first.ToArray()), digests.Digest);
        Assert.Equal(first.Length, digests.Size);
        using var tar = new MemoryStream();
        await using (var decompressed = Compression.Decompress(new MemoryStream(first.ToArray()), Compression.Detect(first.ToArray())))
        {
            await decompressed.CopyToAsync(tar);
        }
        Assert.Equal(Digest.Sha256Of(tar.ToArray()), digests.DiffId);
        tar.Position = 0;
        using var reader = new TarReader(tar);
        var folder = reader.GetNextEntry()!;
        var file = reader.GetNextEntry(copyData: true)!;
        Assert.Null(reader.GetNextEntry());
        Assert.Equal(("disk/", TarEntryType.Directory, (UnixFileMode)0b101_101_101, 107, 107), (folder.Name, folder.EntryType, folder.Mode, folder.Uid, folder.Gid));
        Assert.Equal(("disk/disk.qcow2", TarEntryType.RegularFile, (UnixFileMode)0b100_100_000, 107, 107), (file.Name, file.EntryType, file.Mode, file.Uid, file.Gid));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Time), file.ModificationTime);
        using var data = new MemoryStream();
        await file.DataStream!.CopyToAsync(data);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(data.ToArray()));
    }

    [Fact]
    public void A_size_beyond_eleven_octal_digits_is_written_in_base_256_which_gnu_tar_reads()
    {
        long size = 10L * 1024 * 1024 * 1024;
        string archive = _temp.File("header.tar");
        File.WriteAllBytes(archive, UstarHeader.Create("disk/disk.img", UstarHeader.File, 0b100_100_000, 107, size, Time));

        // The member's data is missing, so tar ends with an error after listing the member.
        var listing = Tool.Run("tar", "--numeric-owner", "-tvf", archive);

        Assert.Matches($@"^-r--r----- 107/107 +{size} .* disk/disk\.img\n", listing.StdOut);
    }

    public void Dispose() => _temp.Dispose();
}
