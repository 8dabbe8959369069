using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Hostile;

/// <summary>
/// A gzip rootfs tarball damaged only where the gzip trailer guards it, given to the real d2l with each
/// inflater (ISA-L when installed, .NET's zlib with D2L_ISAL=0): the tar inside is whole, so only the
/// inflater can tell, and both must refuse it the same way, in one line with exit 2 and nothing left.
/// </summary>
public class DamagedGzipTests
{
    private const int BadInput = 2;

    public static TheoryData<string, string> Cases() => new()
    {
        { "isal", "trailer cut off" },
        { "zlib", "trailer cut off" },
        { "isal", "CRC-32 changed" },
        { "zlib", "CRC-32 changed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_rootfs_tarball_whose_gzip_trailer_is_missing_or_wrong_is_refused_alike_by_both_inflaters(string inflater, string damage)
    {
        using var home = new TempDir();
        byte[] gzip = LayerCompressor.Gzip(new TestLayer().Dir("etc").File("etc/motd", new string('m', 50_000)).ToArray());
        if (damage == "trailer cut off")
        {
            gzip = gzip[..^8];
        }
        else
        {
            gzip[^8] ^= 0x01;
        }
        string tarball = home.File("root.tar.gz");
        File.WriteAllBytes(tarball, gzip);
        var environment = new Dictionary<string, string> { ["D2L_ISAL"] = inflater == "zlib" ? "0" : "1" };
        var result = D2lProcess.RunAsNobody(home, ["build", $"rootfs:{tarball}", "-o", Path.Combine(Refusal.OutputFolder(home), "disk.img"), "--bootloader", "none"], environment);
        Refusal.Check(result, BadInput, home.File("out"), $"rootfs:{tarball}", "cannot be decompressed",
            damage == "trailer cut off" ? "the gzip stream ends inside a member" : "CRC-32 or size");
    }
}
