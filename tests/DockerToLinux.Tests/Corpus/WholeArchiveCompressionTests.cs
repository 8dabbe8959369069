using DockerToLinux.Images;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// `docker save | gzip` and the like: a docker-archive or an oci-archive compressed as a whole with each codec
/// users pipe through, named as a path and with its transport, reads like the uncompressed archive.
/// </summary>
public class WholeArchiveCompressionTests
{
    public static TheoryData<string> Codecs() => [.. CodecTool.All];

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task A_compressed_docker_save_and_oci_archive_read_as_a_path_and_with_their_transport(string codec)
    {
        using var temp = new TempDir();
        Docker25SaveWriter.Write(temp.File("save.tar"), CorpusImage.Tag);
        string layout = temp.File("layout");
        OciLayoutWriter.WriteLayout(layout, CorpusImage.Gzip);
        Tool.Run("tar", "-C", layout, "-cf", temp.File("oci.tar"), ".").EnsureSuccess("tar");
        CodecTool.CompressFile(temp.File("save.tar"), temp.File("save.tar.z"), codec);
        CodecTool.CompressFile(temp.File("oci.tar"), temp.File("oci.tar.z"), codec);

        foreach (string reference in new[]
        {
            temp.File("save.tar.z"), $"docker-archive:{temp.File("save.tar.z")}", $"docker-archive:{temp.File("save.tar.z")}:{CorpusImage.Tag}",
            temp.File("oci.tar.z"), $"oci-archive:{temp.File("oci.tar.z")}", $"oci-archive:{temp.File("oci.tar.z")}:{OciLayoutWriter.Ref}",
        })
        {
            await CorpusImage.AssertReadsAsync(reference);
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Every_file_of_a_compressed_archive_reads_the_same_bytes_as_from_the_uncompressed_archive(string codec)
    {
        using var temp = new TempDir();
        // A layer larger than what the index keeps in memory, so it is read by a second decompression pass.
        byte[] large = new byte[3 << 20];
        new Random(3).NextBytes(large);
        CorpusImage.WriteArchive(temp.File("files.tar"),
            [("small.json", "{}"u8.ToArray()), ("blobs/sha256/large", large), ("tiny", [7]), ("empty", [])]);
        CodecTool.CompressFile(temp.File("files.tar"), temp.File("files.tar.z"), codec);
        using var plain = await TarArchiveBlobStore.OpenAsync(temp.File("files.tar"), "plain", CancellationToken.None);
        using var compressed = await TarArchiveBlobStore.OpenAsync(temp.File("files.tar.z"), "compressed", CancellationToken.None);
        Assert.Equal(plain.Paths.Order(), compressed.Paths.Order());
        foreach (string path in plain.Paths)
        {
            Assert.Equal(plain.GetLength(path), compressed.GetLength(path));
            Assert.Equal(await ReadAllAsync(plain.Open(path)), await ReadAllAsync(compressed.Open(path)));
            var plainEnds = await ((IBlobStore)plain).ReadEndsAsync(path, 512, 4, CancellationToken.None);
            var compressedEnds = await ((IBlobStore)compressed).ReadEndsAsync(path, 512, 4, CancellationToken.None);
            Assert.Equal(plainEnds.Head, compressedEnds.Head);
            Assert.Equal(plainEnds.Tail, compressedEnds.Tail);
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
