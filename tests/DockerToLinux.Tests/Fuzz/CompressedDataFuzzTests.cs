using System.Text.Json.Nodes;
using DockerToLinux.Images;
using DockerToLinux.Tests.Corpus;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Fuzz;

/// <summary>
/// Damaged compressed data in every place d2l decompresses a stream (a rootfs tarball, an OCI layer, a
/// docker-archive layer, a whole compressed archive), with every codec: each case is read and flattened, or
/// refused in one line as bad input. A codec's own exception escaping would be an internal error.
/// </summary>
public class CompressedDataFuzzTests
{
    private static readonly byte[] Tar = TarWithContent();

    // Enough varied content that every codec writes several blocks or sequences worth damaging.
    private static byte[] TarWithContent()
    {
        var random = new Random(7);
        var layer = new TestLayer().Dir("srv");
        for (int i = 0; i < 8; i++)
        {
            layer.File($"srv/f{i}", string.Concat(Enumerable.Range(0, 900).Select(_ => (char)('a' + random.Next(6)))));
        }
        return layer.ToArray();
    }

    public enum Place
    {
        RootFsTarball,
        OciLayer,
        DockerArchiveLayer,
        WholeArchive,
    }

    // Writes the damaged compressed bytes into the place and returns the reference that reads them.
    private static string Stage(TempDir temp, Place place, string codec, byte[] damaged, int index)
    {
        string folder = temp.File($"case-{index}");
        Directory.CreateDirectory(folder);
        switch (place)
        {
            case Place.RootFsTarball:
                File.WriteAllBytes(Path.Combine(folder, $"root.tar.{codec}"), damaged);
                return $"rootfs:{Path.Combine(folder, $"root.tar.{codec}")}";
            case Place.OciLayer:
                OciLayoutWriter.WriteLayout(Path.Combine(folder, "layout"), [new TestBlobLayer(Tar, damaged, "application/vnd.oci.image.layer.v1.tar+" + codec)]);
                return $"oci:{Path.Combine(folder, "layout")}";
            case Place.DockerArchiveLayer:
                GgcrTarballWriter.Write(Path.Combine(folder, "crane.tar"), [new TestBlobLayer(Tar, damaged, "")]);
                return $"docker-archive:{Path.Combine(folder, "crane.tar")}";
            default:
                File.WriteAllBytes(Path.Combine(folder, "save.tar.z"), damaged);
                return $"docker-archive:{Path.Combine(folder, "save.tar.z")}";
        }
    }

    // The bytes to damage: the layer tar, or for a whole archive a docker save holding it, compressed.
    private static byte[] Compressed(TempDir temp, string codec, Place place) =>
        CodecTool.Compress(place == Place.WholeArchive ? PlainDockerSave(temp) : Tar, codec);

    private static byte[] PlainDockerSave(TempDir temp)
    {
        CorpusImage.WriteArchive(temp.File("save.tar"),
        [
            ("layer.tar", Tar),
            ("config.json", OciLayoutWriter.Json(OciLayoutWriter.Config([OciLayoutWriter.Plain(Tar)]))),
            ("manifest.json", OciLayoutWriter.Json(new JsonArray(new JsonObject
            {
                ["Config"] = "config.json", ["RepoTags"] = new JsonArray("fuzz:1"), ["Layers"] = new JsonArray("layer.tar"),
            }))),
        ]);
        return File.ReadAllBytes(temp.File("save.tar"));
    }

    private static byte[] Damage(byte[] data, Random random)
    {
        var copy = (byte[])data.Clone();
        if (random.Next(4) == 0)
        {
            return copy[..random.Next(8, copy.Length - 1)];
        }
        int flips = 1 + random.Next(3);
        for (int i = 0; i < flips; i++)
        {
            // Keep the magic, so the damage reaches the decoder rather than making the data look uncompressed.
            copy[random.Next(6, copy.Length)] ^= (byte)(1 << random.Next(8));
        }
        return copy;
    }

    public static TheoryData<string, Place> Cases()
    {
        var data = new TheoryData<string, Place>();
        foreach (string codec in CodecTool.All)
        {
            foreach (var place in Enum.GetValues<Place>())
            {
                data.Add(codec, place);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Damaged_compressed_data_is_read_or_refused_in_one_line_as_bad_input(string codec, Place place)
    {
        using var temp = new TempDir();
        byte[] compressed = Compressed(temp, codec, place);
        var (_, refused) = await FuzzRun.RunAsync($"{codec} {place}", 40, async (random, index) =>
        {
            string reference = Stage(temp, place, codec, Damage(compressed, random), index);
            try
            {
                await ImageFuzzTests.OpenAndFlattenAsync(reference);
            }
            finally
            {
                Directory.Delete(temp.File($"case-{index}"), recursive: true);
            }
        });
        Assert.True(refused > 10, $"only {refused} of 40 damaged {codec} cases refused: the damage misses the decoder");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Compressed_data_cut_in_half_is_refused_in_one_line_naming_the_input(string codec, Place place)
    {
        using var temp = new TempDir();
        byte[] compressed = Compressed(temp, codec, place);
        string reference = Stage(temp, place, codec, compressed[..(compressed.Length / 2)], 0);
        var error = await Assert.ThrowsAsync<D2lException>(() => ImageFuzzTests.OpenAndFlattenAsync(reference));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith(reference + ": ", error.Message);
    }

    public static TheoryData<string> Codecs() => new(CodecTool.All);

    // A decompressor checks its data only at the end of a block or stream, and what it hands out before may
    // be garbage (a truncated bzip2 block is), which the tar reader refuses first unless the decompressor's
    // error wins. About 150 cuts spread over the whole stream: header, blocks, trailer.
    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Compressed_data_cut_anywhere_is_refused_as_undecompressable_naming_the_input(string codec)
    {
        using var temp = new TempDir();
        byte[] compressed = CodecTool.Compress(Tar, codec);
        int step = Math.Max(1, compressed.Length / 150);
        var wrong = new List<string>();
        for (int cut = Compression.MagicLength; cut < compressed.Length; cut += step)
        {
            string reference = Stage(temp, Place.RootFsTarball, codec, compressed[..cut], cut);
            try
            {
                await ImageFuzzTests.OpenAndFlattenAsync(reference);
                wrong.Add($"cut at {cut}: accepted");
            }
            catch (D2lException error) when (!(error.Message.StartsWith(reference + ": ", StringComparison.Ordinal)
                && error.Message.Contains("cannot be decompressed", StringComparison.Ordinal)))
            {
                wrong.Add($"cut at {cut}: {error.Message}");
            }
            catch (D2lException)
            {
                // Refused as it should be.
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {compressed.Length / step} cuts of {compressed.Length} {codec} bytes: {string.Join("; ", wrong.Take(3))}");
    }
}
