using DockerToLinux.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images;

public class ArchiveFormsTests
{
    // docker-archive cannot carry zstd (skopeo refuses to convert it), so that comparison uses gzip twice.
    private static IReadOnlyList<TestBlobLayer> SampleLayers(bool zstd = true) =>
    [
        OciLayoutWriter.Plain(new TestLayer().Dir("etc").File("etc/hostname", "base\n").Dir("srv").File("srv/a", "a").ToArray()),
        OciLayoutWriter.Gzip(new TestLayer().Dir("etc").File("etc/motd", "gzip layer\n").Whiteout("srv/a").ToArray()),
        ((Func<byte[], TestBlobLayer>)(zstd ? OciLayoutWriter.Zstd : OciLayoutWriter.Gzip))(new TestLayer().Dir("srv").File("srv/b", new string('z', 5000)).ToArray()),
    ];

    [Fact]
    public async Task Oci_folder_oci_archive_and_docker_archive_made_by_skopeo_read_the_same_config_and_files()
    {
        using var temp = new TempDir();
        var layers = SampleLayers(zstd: false);
        string layout = temp.File("layout");
        string manifestDigest = OciLayoutWriter.WriteLayout(layout, layers);
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", $"oci:{layout}:{OciLayoutWriter.Ref}", $"oci-archive:{temp.File("oci.tar")}")
            .EnsureSuccess("skopeo copy to oci-archive");
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", $"oci:{layout}:{OciLayoutWriter.Ref}", $"docker-archive:{temp.File("docker.tar")}:test/image:1")
            .EnsureSuccess("skopeo copy to docker-archive");

        string[] references =
        [
            $"oci:{layout}:{OciLayoutWriter.Ref}", layout, $"oci-archive:{temp.File("oci.tar")}", temp.File("oci.tar"),
            $"docker-archive:{temp.File("docker.tar")}", temp.File("docker.tar"),
        ];
        TreeSnapshot? expected = null;
        foreach (string reference in references)
        {
            await using var source = ImageSource.Parse(reference);
            var image = await source.OpenAsync(CancellationToken.None);
            Assert.Equal(["PATH=/usr/bin:/bin", "GREETING=hello"], image.Config.Env);
            Assert.Equal(["/bin/sh", "-c", "echo hi"], image.Config.Cmd);
            Assert.Equal("/srv", image.Config.WorkingDir);
            Assert.Equal("1000:1000", image.Config.User);
            Assert.Equal(layers.Select(layer => OciLayoutWriter.Sha(layer.Tar)), image.Config.DiffIds.Select(id => id.ToString()));
            Assert.Equal(2, image.Config.History.Count);
            Assert.True(image.Config.History[1].EmptyLayer);
            Assert.Equal(3, image.Layers.Count);
            if (reference.StartsWith("oci:", StringComparison.Ordinal) || reference == layout)
            {
                // skopeo rewrites manifests and compresses plain layers, so digests are only ours in our folder.
                Assert.Equal(manifestDigest, image.Digest.ToString());
                Assert.Equal(layers.Select(layer => OciLayoutWriter.Sha(layer.Blob)), image.Layers.Select(layer => layer.Digest.ToString()));
            }
            var (tree, store) = await TreeSnapshot.FlattenAsync(image);
            var snapshot = TreeSnapshot.Of(tree, store);
            Assert.Contains("/srv/b", snapshot.Entries.Keys);
            Assert.DoesNotContain("/srv/a", snapshot.Entries.Keys);
            expected ??= snapshot;
            Assert.True(expected.DiffAgainst(snapshot).Length == 0, $"{reference}:\n{expected.DiffAgainst(snapshot)}");
        }
    }

    [Fact]
    public async Task Uncompressed_size_hints_come_from_the_gzip_trailer_the_zstd_frame_and_the_plain_blob_size()
    {
        using var temp = new TempDir();
        var layers = SampleLayers();
        OciLayoutWriter.WriteLayout(temp.File("layout"), layers);
        await using var source = ImageSource.Parse($"oci:{temp.File("layout")}");
        var image = await source.OpenAsync(CancellationToken.None);
        Assert.Equal(layers[0].Tar.Length, image.Layers[0].UncompressedSizeHint);
        Assert.Equal(layers[1].Tar.Length, image.Layers[1].UncompressedSizeHint);
        long? zstdHint = image.Layers[2].UncompressedSizeHint;
        Assert.True(zstdHint is null || zstdHint == layers[2].Tar.Length, $"zstd hint {zstdHint}");
        Assert.Equal("application/vnd.oci.image.layer.v1.tar+zstd", image.Layers[2].MediaType);
    }
}
