using System.Text;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Hostile;

/// <summary>
/// A secret written by one layer and deleted or replaced by a later one must not be in the disk's bytes.
/// The referee is grep over the raw disk the real d2l wrote; a control build without the deleting layer
/// shows that grep does find the secret when it is there.
/// </summary>
public class DeletedSecretTests
{
    private static readonly string Secret = "d2l-secret-" + Guid.NewGuid().ToString("N");

    // A small file, a file of several blocks, and one replaced rather than deleted.
    private static byte[] SecretLayer() => new TestLayer()
        .Dir("etc")
        .File("etc/api-token", Secret)
        .File("etc/private.key", string.Concat(Enumerable.Repeat(Secret + "\n", 1000)))
        .File("etc/config", "token=" + Secret)
        .ToArray();

    private static byte[] DeletingLayer() => new TestLayer()
        .Whiteout("etc/api-token")
        .Whiteout("etc/private.key")
        .File("etc/config", "token=redacted")
        .ToArray();

    private static string BuildDisk(TempDir home, params byte[][] layers)
    {
        OciLayoutWriter.WriteLayout(home.File("layout"), layers.Select(OciLayoutWriter.Plain).ToList());
        string disk = Path.Combine(Refusal.OutputFolder(home), "disk.img");
        D2lProcess.RunAsNobody(home, ["build", $"oci:{home.File("layout")}", "-o", disk, "--bootloader", "none"]).EnsureSuccess("d2l build");
        return disk;
    }

    private static bool GrepFinds(string disk, string text)
    {
        var result = Tool.Run("grep", "-c", "-a", "-F", text, disk);
        Assert.True(result.ExitCode is 0 or 1, $"grep failed: {result.StdErr}");
        return result.ExitCode == 0;
    }

    [Fact]
    public void A_secret_deleted_or_replaced_by_a_later_layer_is_not_in_the_raw_disk()
    {
        using var home = new TempDir();
        string disk = BuildDisk(home, SecretLayer(), DeletingLayer());
        Assert.False(GrepFinds(disk, Secret), $"{Secret} survives in {disk}");
        Assert.True(GrepFinds(disk, "token=redacted"), "the replacement is missing");
        Tool.Run("e2fsck", "-fn", $"{disk}?offset=1048576").EnsureSuccess("e2fsck");
    }

    [Fact]
    public void Without_the_deleting_layer_grep_finds_the_secret()
    {
        using var home = new TempDir();
        string disk = BuildDisk(home, SecretLayer());
        Assert.True(GrepFinds(disk, Secret), "the control disk should hold the secret");
        Assert.True(Encoding.UTF8.GetByteCount(Secret) > 40);
    }
}
