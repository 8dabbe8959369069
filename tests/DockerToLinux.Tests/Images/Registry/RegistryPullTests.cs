using System.Text.Json.Nodes;
using DockerToLinux.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images.Registry;

public class RegistryPullTests
{
    private static readonly ImageSourceOptions FastRetries = new() { RetryDelay = TimeSpan.FromMilliseconds(20) };

    // Base64 of random bytes: a gzip layer that stays about as large as its content, so it can be cut in the middle.
    private static readonly string Incompressible = Convert.ToBase64String(new Random(42).GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 300_000));

    internal static IReadOnlyList<TestBlobLayer> SampleLayers(string marker = "amd64") =>
    [
        OciLayoutWriter.Plain(new TestLayer().Dir("etc").File("etc/hostname", "base\n").Dir("srv").File("srv/a", "a").ToArray()),
        OciLayoutWriter.Gzip(new TestLayer().Dir("etc").File("etc/motd", $"{marker}\n").Whiteout("srv/a").ToArray()),
        OciLayoutWriter.Gzip(new TestLayer().Dir("srv").File("srv/big", Incompressible + marker).ToArray()),
    ];

    /// <summary>Writes the sample image as an OCI layout and an oci-archive; returns the layout reference and the archive.</summary>
    internal static (string Layout, string Archive) WriteSample(TempDir temp)
    {
        string layout = temp.File("layout");
        OciLayoutWriter.WriteLayout(layout, SampleLayers());
        string archive = temp.File("image.oci.tar");
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", $"oci:{layout}:{OciLayoutWriter.Ref}", $"oci-archive:{archive}")
            .EnsureSuccess("skopeo copy to oci-archive");
        return ($"oci:{layout}:{OciLayoutWriter.Ref}", archive);
    }

    [Fact]
    public async Task A_tag_and_the_same_image_pulled_by_digest_give_the_files_of_its_oci_archive()
    {
        using var temp = new TempDir();
        var (layout, archive) = WriteSample(temp);
        using var registry = LocalRegistry.Start();
        registry.Push(layout, "test/image:1");
        string digest = registry.DigestOf("test/image:1");

        var (expected, _) = await ImageSnapshots.OfAsync($"oci-archive:{archive}");
        var (byTag, tagged) = await ImageSnapshots.OfAsync($"docker://{registry.Host}/test/image:1");
        var (byDigest, pinned) = await ImageSnapshots.OfAsync($"docker://{registry.Host}/test/image@{digest}");

        ImageSnapshots.AssertSame(expected, byTag, "pull by tag");
        ImageSnapshots.AssertSame(expected, byDigest, "pull by digest");
        Assert.Equal(digest, tagged.Digest.ToString());
        Assert.Equal(digest, pinned.Digest.ToString());
        Assert.Equal(["PATH=/usr/bin:/bin", "GREETING=hello"], tagged.Config.Env);
        Assert.Equal(3, tagged.Layers.Count);
    }

    [Fact]
    public async Task A_multi_platform_index_yields_the_wanted_platform_even_when_it_is_not_listed_first_and_skips_the_attestation()
    {
        using var temp = new TempDir();
        string layout = temp.File("multi");
        Directory.CreateDirectory(layout);
        var arm = OciLayoutWriter.WriteImage(layout, SampleLayers("arm64"), "arm64");
        arm["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "arm64" };
        var amd = OciLayoutWriter.WriteImage(layout, SampleLayers("amd64"));
        amd["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "amd64" };
        var attestation = OciLayoutWriter.WriteImage(layout, [OciLayoutWriter.Plain(new TestLayer().File("provenance.json", "{}").ToArray())], "unknown");
        attestation["platform"] = new JsonObject { ["os"] = "unknown", ["architecture"] = "unknown" };
        attestation["annotations"] = new JsonObject
        {
            ["vnd.docker.reference.type"] = "attestation-manifest",
            ["vnd.docker.reference.digest"] = amd["digest"]!.GetValue<string>(),
        };
        var index = OciLayoutWriter.WriteBlob(layout, OciLayoutWriter.Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(arm, amd, attestation),
        }), "application/vnd.oci.image.index.v1+json");
        index["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = "multi" };
        OciLayoutWriter.WriteIndex(layout, index);
        using var registry = LocalRegistry.Start();
        registry.Push($"oci:{layout}:multi", "test/multi:1", all: true);

        var (amdPulled, amdImage) = await ImageSnapshots.OfAsync($"docker://{registry.Host}/test/multi:1");
        var (armPulled, armImage) = await ImageSnapshots.OfAsync($"docker://{registry.Host}/test/multi:1",
            new ImageSourceOptions(Platform.Parse("linux/arm64")));

        Assert.Equal("amd64", amdImage.Config.Architecture);
        Assert.Contains("/etc/motd", amdPulled.Entries.Keys);
        Assert.DoesNotContain("/provenance.json", amdPulled.Entries.Keys);
        Assert.Equal("arm64", armImage.Config.Architecture);
        Assert.NotEqual(amdPulled.Entries["/etc/motd"], armPulled.Entries["/etc/motd"]);
        var error = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync($"docker://{registry.Host}/test/multi:1",
            new ImageSourceOptions(Platform.Parse("linux/s390x"))));
        Assert.Contains("no linux/s390x image (has: linux/arm64, linux/amd64)", error.Message);
    }

    [Fact]
    public async Task Missing_tags_repositories_and_unreachable_registries_fail_with_one_line_naming_the_image()
    {
        using var temp = new TempDir();
        var (layout, _) = WriteSample(temp);
        using var registry = LocalRegistry.Start();
        registry.Push(layout, "test/image:1");

        string missingTag = $"docker://{registry.Host}/test/image:2";
        var notFound = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync(missingTag));
        Assert.StartsWith(missingTag + ": manifest 2 not found (404", notFound.Message);

        string closed = $"docker://127.0.0.1:{LocalRegistry.FreePort()}/test/image:1";
        var unreachable = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync(closed, FastRetries));
        Assert.StartsWith(closed + ": cannot reach registry", unreachable.Message);
        Assert.DoesNotContain('\n', unreachable.Message);

        var unknown = Assert.Throws<D2lException>(() => ImageSource.Parse("ftp://example/image"));
        Assert.Contains("unknown transport 'ftp:'", unknown.Message);
    }

    [Fact]
    public async Task A_blob_cut_off_once_or_dropped_once_is_fetched_again_and_a_blob_cut_off_every_time_is_never_accepted()
    {
        using var temp = new TempDir();
        var (layout, archive) = WriteSample(temp);
        using var registry = LocalRegistry.Start();
        registry.Push(layout, "test/image:1");
        using var proxy = new FaultyProxy(registry.Port);
        string reference = $"docker://{proxy.Host}/test/image:1";
        var (expected, _) = await ImageSnapshots.OfAsync($"oci-archive:{archive}");
        var (_, image) = await ImageSnapshots.OfAsync($"docker://{registry.Host}/test/image:1");
        string bigLayer = image.Layers[2].Digest.ToString();

        proxy.FaultPath = bigLayer;
        proxy.TruncateAfter = 1000 + image.Layers[2].Size / 2;
        proxy.Faults = 1;
        var (resumed, _) = await ImageSnapshots.OfAsync(reference, FastRetries);
        ImageSnapshots.AssertSame(expected, resumed, "pull after a cut-off blob");
        Assert.Contains(proxy.Log, line => line.Contains(bigLayer, StringComparison.Ordinal) && line.Contains("range=bytes=", StringComparison.Ordinal));

        proxy.FaultPath = "/manifests/";
        proxy.TruncateAfter = 0;
        proxy.Faults = 1;
        var (retried, _) = await ImageSnapshots.OfAsync(reference, FastRetries);
        ImageSnapshots.AssertSame(expected, retried, "pull after a dropped manifest request");

        proxy.FaultPath = bigLayer;
        proxy.TruncateAfter = 1000 + image.Layers[2].Size / 8;
        proxy.Faults = 1000;
        var error = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync(reference, FastRetries));
        Assert.StartsWith($"{reference}: blob {bigLayer} download failed after", error.Message);
    }
}
