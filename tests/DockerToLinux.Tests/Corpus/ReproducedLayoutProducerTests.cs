using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// OCI layouts of producers that cannot run here, written by generators that follow each producer's source:
/// BuildKit's OCI exporter with each layer compression it offers (with and without its provenance
/// attestation), Docker's containerd image store (`docker save` of a pulled multi-platform image) and
/// go-containerregistry's layout writer (`crane pull --format=oci`). podman is the referee:
/// its export of the image, copied from the producer's output into its own storage, must be d2l's tree.
/// </summary>
public class ReproducedLayoutProducerTests
{
    [Theory]
    [InlineData(BuildKitCompression.Uncompressed)]
    [InlineData(BuildKitCompression.Gzip)]
    [InlineData(BuildKitCompression.Zstd)]
    public async Task A_buildkit_oci_export_with_its_attestation_index_reads_as_the_reference_and_as_podman_exports_it(BuildKitCompression compression)
    {
        using var temp = new TempDir();
        string archive = temp.File("buildkit.tar");
        BuildKitOciWriter.Write(archive, compression);
        var image = await CorpusImage.AssertReadsAsync($"oci-archive:{archive}");
        Assert.Equal("amd64", image.Config.Architecture);
        await CorpusImage.AssertReadsAsync($"oci-archive:{archive}:docker.io/{CorpusImage.Tag}");
        await PodmanReferee.AssertSameTreeAsync(temp, $"oci-archive:{archive}", $"oci-archive:{archive}");
    }

    [Fact]
    public async Task A_buildkit_oci_export_without_provenance_names_the_image_manifest_itself_and_reads_as_the_reference()
    {
        using var temp = new TempDir();
        string archive = temp.File("buildkit.tar");
        BuildKitOciWriter.Write(archive, BuildKitCompression.Gzip, attestations: false);
        await CorpusImage.AssertReadsAsync(archive);
        await CorpusImage.AssertReadsAsync($"oci-archive:{archive}:docker.io/{CorpusImage.Tag}");
    }

    // Read as a plain tar.gz, as podman reads it, an eStargz layer also holds its prefetch landmark and its
    // table of contents as files in the root; d2l keeps them, as podman does.
    [Fact]
    public async Task A_buildkit_oci_export_with_estargz_layers_reads_as_podman_exports_it_with_the_landmark_and_toc_files()
    {
        using var temp = new TempDir();
        string archive = temp.File("buildkit.tar");
        BuildKitOciWriter.Write(archive, BuildKitCompression.Estargz);
        var tree = await PodmanReferee.AssertSameTreeAsync(temp, $"oci-archive:{archive}", $"oci-archive:{archive}");
        Assert.Equal(EStargzWriter.AddedFiles, tree.Entries.Keys.Where(path => path.Contains("stargz", StringComparison.Ordinal) || path.Contains("landmark", StringComparison.Ordinal)));

        var (snapshot, image) = await ImageSnapshots.OfAsync($"oci-archive:{archive}");
        var expected = await CorpusImage.ExpectedAsync();
        Assert.Equal(expected.Entries.Keys.Concat(EStargzWriter.AddedFiles).Order(StringComparer.Ordinal), snapshot.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected.Entries, entry => Assert.Equal(entry.Value, snapshot.Entries[entry.Key]));
        Assert.Equal(BuildKitOciWriter.LayerTars(BuildKitCompression.Estargz).Select(OciLayoutWriter.Sha), image.Config.DiffIds.Select(id => id.ToString()));
    }

    [Fact]
    public async Task A_docker_containerd_store_save_whose_index_lists_platforms_not_pulled_reads_the_amd64_image_as_the_reference()
    {
        using var temp = new TempDir();
        string archive = temp.File("docker-containerd.tar");
        DockerContainerdStoreSaveWriter.Write(archive);
        await CorpusImage.AssertReadsAsync(archive);
        await CorpusImage.AssertReadsAsync($"oci-archive:{archive}:docker.io/{CorpusImage.Tag}");
        await CorpusImage.AssertReadsAsync($"docker-archive:{archive}:{CorpusImage.Tag}");
        await PodmanReferee.AssertSameTreeAsync(temp, $"oci-archive:{archive}", archive);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_crane_oci_layout_whose_index_names_no_reference_reads_as_the_reference_and_as_podman_exports_it(bool dockerMediaTypes)
    {
        using var temp = new TempDir();
        string layout = temp.File("crane");
        GgcrLayoutWriter.Write(layout, dockerMediaTypes);
        await CorpusImage.AssertReadsAsync($"oci:{layout}");
        await CorpusImage.AssertReadsAsync(layout);
        await PodmanReferee.AssertSameTreeAsync(temp, $"oci:{layout}", $"oci:{layout}");
    }
}
