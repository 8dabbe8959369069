using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// The Debian template converted once per test run by the real d2l, as <c>nobody</c>, into a raw disk with a
/// known root password. Tests that need "a disk d2l made" share it and must not modify it (boot runs use
/// snapshots; copy it before changing bytes).
/// </summary>
public static class DebianDisk
{
    /// <summary>The root password the shared disk was built with.</summary>
    public const string RootPassword = "d2l-test";

    // Lives as long as the test process; TestRunFolder removes it.
    private static readonly TempDir Folder = new();

    private static readonly Lazy<Task<string>> Raw = new(() => Task.Run(BuildRaw));

    /// <summary>The raw disk's path.</summary>
    public static Task<string> GetRawAsync() => Raw.Value;

    private static async Task<string> BuildRaw()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        string passwordFile = Folder.File("root-password");
        await File.WriteAllTextAsync(passwordFile, RootPassword + "\n");
        File.SetUnixFileMode(passwordFile, (UnixFileMode)0b110_100_100);
        string disk = Folder.File("debian.img");
        D2lProcess.RunAsNobody(Folder, ["build", $"oci-archive:{archive}", "-o", disk, "--root-password-file", passwordFile])
            .EnsureSuccess("d2l build of the Debian template");
        return disk;
    }
}
