using System.Diagnostics;
using DockerToLinux.Images;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images;

public class EngineAndRootFsTests
{
    [Fact]
    public async Task An_image_exported_by_podmans_engine_api_on_a_unix_socket_gives_the_files_of_its_oci_archive()
    {
        using var temp = new TempDir();
        var (layout, archive) = RegistryPullTests.WriteSample(temp);
        string[] storage = ["--root", temp.File("storage"), "--runroot", temp.File("run"), "--storage-driver", "vfs"];
        Tool.Run("podman", [.. storage, "pull", "-q", $"oci-archive:{archive}"], stdin: null).EnsureSuccess("podman pull");
        string image = Tool.Run("podman", [.. storage, "images", "-q", "--no-trunc"], stdin: null).EnsureSuccess("podman images").StdOut.Trim().Split('\n')[0];
        Tool.Run("podman", [.. storage, "tag", image, "localhost/test/image:1"], stdin: null).EnsureSuccess("podman tag");
        string socket = temp.File("engine.sock");
        var info = new ProcessStartInfo("podman", [.. storage, "system", "service", "--time=0", $"unix://{socket}"])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var service = Process.Start(info)!;
        try
        {
            for (int i = 0; i < 300 && !File.Exists(socket); i++)
            {
                await Task.Delay(100);
            }
            var options = new ImageSourceOptions { DockerHost = $"unix://{socket}" };
            var (expected, _) = await ImageSnapshots.OfAsync($"oci-archive:{archive}");
            var (exported, engineImage) = await ImageSnapshots.OfAsync("docker-daemon:localhost/test/image:1", options);

            ImageSnapshots.AssertSame(expected, exported, "docker-daemon export");
            Assert.Equal(["PATH=/usr/bin:/bin", "GREETING=hello"], engineImage.Config.Env);
            var missing = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync("docker-daemon:localhost/nothing:here", options));
            Assert.StartsWith("docker-daemon:localhost/nothing:here: the engine has no image", missing.Message);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            service.WaitForExit(10_000);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("xz")]
    [InlineData("bzip2")]
    public async Task A_rootfs_tarball_plain_or_compressed_gives_the_same_files_as_the_one_layer_image(string compressor)
    {
        using var temp = new TempDir();
        var tar = new TestLayer().Dir("etc").File("etc/os-release", "ID=test\n").Dir("bin").Symlink("bin/sh", "dash")
            .File("bin/dash", new string('d', 70_000), mode: 0b111_101_101).HardLink("bin/ash", "bin/dash").ToArray();
        OciLayoutWriter.WriteLayout(temp.File("layout"), [OciLayoutWriter.Plain(tar)]);
        string tarball = temp.File("rootfs.tar");
        File.WriteAllBytes(tarball, tar);
        if (compressor.Length > 0)
        {
            Tool.Run(compressor, compressor == "zstd" ? ["-q", "-f", "--rm", tarball] : ["-q", "-f", tarball], stdin: null).EnsureSuccess(compressor);
            tarball = Directory.GetFiles(temp.Path, "rootfs.tar.*").Single();
        }

        var (expected, _) = await ImageSnapshots.OfAsync($"oci:{temp.File("layout")}");
        var (fromTarball, image) = await ImageSnapshots.OfAsync($"rootfs:{tarball}");
        var (again, imageAgain) = await ImageSnapshots.OfAsync($"rootfs:{tarball}");

        ImageSnapshots.AssertSame(expected, fromTarball, $"rootfs {compressor}");
        Assert.Equal(OciLayoutWriter.Sha(File.ReadAllBytes(tarball)), image.Digest.ToString());
        Assert.Equal(image.Digest, imageAgain.Digest);
        Assert.Equal("amd64", image.Config.Architecture);
        Assert.Single(image.Layers);
    }

    [Fact]
    public async Task A_rootfs_path_that_does_not_exist_fails_with_one_line()
    {
        var error = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync("rootfs:/nonexistent/root.tar.gz"));
        Assert.Equal("rootfs:/nonexistent/root.tar.gz: no such file", error.Message);
    }
}
