using DockerToLinux.Images;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// Archives written by the real producers that run here without starting a container: skopeo, podman and
/// buildah with each of their formats and compressions, Debian's containerd (ctr import/export), umoci and
/// Debian's Docker engine (load, save and its engine API). Each gets the corpus image from the reference OCI
/// layout and writes it back out; d2l must read the tree the reference layout gives. Docker is also the
/// referee of the reproduced producers: what `docker load` takes from their archives and saves again must
/// be what d2l reads from the archives themselves.
/// </summary>
public class RunHereProducerTests
{
    private static string Reference(TempDir temp, bool gzip = false)
    {
        string layout = temp.File("reference");
        OciLayoutWriter.WriteLayout(layout, gzip ? CorpusImage.Gzip : CorpusImage.Plain);
        return $"oci:{layout}:{OciLayoutWriter.Ref}";
    }

    // The reference image goes into the test's own containers-storage under a name of its own: podman and
    // buildah would name an image pulled from an OCI layout after the layout's path, which is no valid image
    // name when the path has capital letters (as mktemp's folders do).
    private static void CopyIntoStorage(TempDir temp, string reference)
    {
        string store = $"containers-storage:[vfs@{temp.File("storage")}+{temp.File("run")}]localhost/corpus:1";
        Tool.Run("skopeo", ["--insecure-policy", "copy", "-q", reference, store], stdin: null).EnsureSuccess("skopeo copy into storage");
    }

    [Theory]
    [InlineData("docker-archive", "")]
    [InlineData("oci-archive", "")]
    [InlineData("oci-archive", "gzip")]
    [InlineData("oci-archive", "zstd")]
    [InlineData("oci", "zstd")]
    [InlineData("docker-archive", "gzip")]
    public async Task Skopeo_copies_in_each_format_and_compression_read_as_the_reference(string transport, string compression)
    {
        using var temp = new TempDir();
        string target = transport == "oci" ? $"oci:{temp.File("out")}:x" : $"{transport}:{temp.File("out.tar")}";
        string[] compress = compression.Length == 0 ? [] : ["--dest-compress", "--dest-compress-format", compression];
        Tool.Run("skopeo", ["--insecure-policy", "copy", "-q", .. compress, Reference(temp), target], stdin: null).EnsureSuccess("skopeo copy");
        await CorpusImage.AssertReadsAsync(target);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gzip")]
    public async Task Skopeo_copies_to_a_dir_folder_read_as_the_reference_by_transport_and_by_path(string compression)
    {
        using var temp = new TempDir();
        string folder = temp.File("dir-copy");
        string[] compress = compression.Length == 0 ? [] : ["--dest-compress", "--dest-compress-format", compression];
        Tool.Run("skopeo", ["--insecure-policy", "copy", "-q", .. compress, Reference(temp), $"dir:{folder}"], stdin: null).EnsureSuccess("skopeo copy");
        await CorpusImage.AssertReadsAsync($"dir:{folder}");
        await CorpusImage.AssertReadsAsync(folder);
    }

    [Theory]
    [InlineData("docker-archive")]
    [InlineData("oci-archive")]
    [InlineData("oci-dir")]
    [InlineData("docker-dir")]
    public async Task Podman_saves_in_each_format_read_as_the_reference(string format)
    {
        using var temp = new TempDir();
        string[] storage = ["--root", temp.File("storage"), "--runroot", temp.File("run"), "--storage-driver", "vfs"];
        CopyIntoStorage(temp, Reference(temp));
        string image = Tool.Run("podman", [.. storage, "images", "-q"], stdin: null).EnsureSuccess("podman images").StdOut.Trim();
        bool folder = format.EndsWith("-dir", StringComparison.Ordinal);
        string output = temp.File(folder ? "saved" : "saved.tar");
        Tool.Run("podman", [.. storage, "save", "-q", "--format", format, "-o", output, image], stdin: null).EnsureSuccess("podman save");
        await CorpusImage.AssertReadsAsync(format == "oci-dir" ? $"oci:{output}" : output);
    }

    [Theory]
    [InlineData("oci", "zstd")]
    [InlineData("oci", "gzip")]
    [InlineData("docker", "gzip")]
    public async Task Buildah_pushes_in_each_manifest_format_and_compression_read_as_the_reference(string format, string compression)
    {
        using var temp = new TempDir();
        string[] storage = ["--root", temp.File("storage"), "--runroot", temp.File("run"), "--storage-driver", "vfs"];
        CopyIntoStorage(temp, Reference(temp));
        string image = Tool.Run("buildah", [.. storage, "images", "-q"], stdin: null).EnsureSuccess("buildah images").StdOut.Trim();
        string target = $"oci-archive:{temp.File("pushed.tar")}";
        Tool.Run("buildah", [.. storage, "push", "-q", "--format", format, "--compression-format", compression, image, target], stdin: null)
            .EnsureSuccess("buildah push");
        await CorpusImage.AssertReadsAsync(target);
    }

    [Fact]
    public async Task Containerd_export_of_an_imported_image_with_its_docker_manifest_json_reads_as_the_reference()
    {
        using var temp = new TempDir();
        string reference = Reference(temp, gzip: true);
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", reference, $"oci-archive:{temp.File("in.tar")}:docker.io/{CorpusImage.Tag}")
            .EnsureSuccess("skopeo copy");
        using var containerd = Daemon.Start("containerd", (folder, socket) =>
            ["--root", Path.Combine(folder, "root"), "--state", Path.Combine(folder, "state"), "--address", socket]);
        string[] ctr = ["--address", containerd.Socket, "--namespace", "d2l"];
        Tool.Run("ctr", [.. ctr, "images", "import", "--no-unpack", temp.File("in.tar")], stdin: null).EnsureSuccess("ctr import");
        string name = Tool.Run("ctr", [.. ctr, "images", "ls", "-q"], stdin: null).EnsureSuccess("ctr images ls").StdOut.Trim();
        Tool.Run("ctr", [.. ctr, "images", "export", temp.File("export.tar"), name], stdin: null).EnsureSuccess("ctr export");
        await CorpusImage.AssertReadsAsync(temp.File("export.tar"));
        await CorpusImage.AssertReadsAsync($"docker-archive:{temp.File("export.tar")}:{CorpusImage.Tag}");
    }

    [Fact]
    public async Task An_umoci_layout_built_by_unpack_and_repack_reads_as_umocis_own_unpacked_tree()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", Reference(temp), $"oci:{layout}:base").EnsureSuccess("skopeo copy");
        Tool.Run("umoci", "unpack", "--rootless", "--image", $"{layout}:base", temp.File("bundle")).EnsureSuccess("umoci unpack");
        File.WriteAllText(temp.File("bundle/rootfs/srv/umoci"), "added by umoci repack\n");
        File.Delete(temp.File("bundle/rootfs/srv/new"));
        Tool.Run("umoci", "repack", "--image", $"{layout}:next", temp.File("bundle")).EnsureSuccess("umoci repack");
        Tool.Run("umoci", "config", "--image", $"{layout}:next", "--config.workingdir", "/opt").EnsureSuccess("umoci config");
        // umoci is the referee: its own unpack of the result.
        Tool.Run("umoci", "unpack", "--rootless", "--image", $"{layout}:next", temp.File("check")).EnsureSuccess("umoci unpack");

        var (snapshot, image) = await DockerToLinux.Tests.Images.Registry.ImageSnapshots.OfAsync($"oci:{layout}:next");
        Assert.Equal("/opt", image.Config.WorkingDir);
        string root = temp.File("check/rootfs");
        var refereeFiles = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(path => "/" + Path.GetRelativePath(root, path)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(refereeFiles, snapshot.Entries.Keys.Where(path => path != "/").ToList());
        Assert.DoesNotContain("/srv/new", snapshot.Entries.Keys);
        Assert.Contains("/srv/umoci", snapshot.Entries.Keys);
    }
}
