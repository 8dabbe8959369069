namespace DockerToLinux.BootTests.Fixtures;

/// <summary>
/// The kernel template and the images that boot with it, built by <c>tests/fixtures/kernel-template.sh</c>
/// without Docker. The recipe runs once per test run (it is cached across runs; the first build takes minutes).
/// </summary>
public static class KernelTemplate
{
    /// <summary>templates/kernel: Debian's kernel, its generic initramfs, its modules and a static busybox.</summary>
    public const string OciArchive = "kernel-template.oci.tar";

    /// <summary>A Debian image with systemd-sysv, udev and kmod but no kernel, the image the kernel boots.</summary>
    public const string NoKernelOciArchive = "debian-nokernel.oci.tar";

    /// <summary>Debian's cloud kernel in LinuxKit's layout (<c>/kernel</c>, <c>/kernel.tar</c>), without initramfs.</summary>
    public const string LinuxKitOciArchive = "kernel-linuxkit.oci.tar";

    private static readonly Lazy<Task<string>> CacheFolder = new(() => Task.Run(() => FixtureScript.Run("kernel-template.sh")));

    /// <summary>The folder holding the archives, building them first when the cache has none.</summary>
    public static Task<string> GetCacheFolderAsync() => CacheFolder.Value;

    /// <summary>The path of one of the archives.</summary>
    public static async Task<string> GetArchiveAsync(string name) => Path.Combine(await GetCacheFolderAsync(), name);
}
