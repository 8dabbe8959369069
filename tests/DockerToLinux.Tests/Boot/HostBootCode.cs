using System.Security.Cryptography;

namespace DockerToLinux.Tests.Boot;

/// <summary>Facts about this machine's syslinux packages, which the boot tests use as their source and referee.</summary>
public static class HostBootCode
{
    public const string Extlinux = "/usr/bin/extlinux";

    /// <summary>sha256 of Debian bookworm's extlinux 3:6.04~git20190206.bf6db5b4+dfsg1-3+b1, as the spec recorded it.</summary>
    public const string DebianBookwormSha256Prefix = "d11f8866";

    /// <summary>Why tests that need Debian's build cannot run here, or null if they can.</summary>
    public static string? WhyNotDebianBuild()
    {
        if (!File.Exists(Extlinux))
        {
            return $"{Extlinux} is not installed (apt-get install extlinux)";
        }
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Extlinux)));
        return hash.StartsWith(DebianBookwormSha256Prefix, StringComparison.Ordinal)
            ? null
            : $"{Extlinux} is a different build (sha256 {hash[..16]}…) from the one the spec's hashes describe";
    }

    /// <summary>Why the real <c>extlinux --install</c> cannot be run as a referee here, or null if it can.</summary>
    public static string? WhyNoMountingReferee()
    {
        if (!File.Exists(Extlinux) || !File.Exists("/usr/sbin/mkfs.ext4") || !File.Exists("/usr/sbin/debugfs"))
        {
            return "needs extlinux, mkfs.ext4 and debugfs";
        }
        if (Environment.UserName != "root" || !File.Exists("/dev/loop-control"))
        {
            return "needs root and loop devices to mount a scratch filesystem for the real extlinux";
        }
        return null;
    }
}

/// <summary>A fact that runs only with Debian bookworm's extlinux build on this machine.</summary>
public sealed class DebianExtlinuxFactAttribute : FactAttribute
{
    public DebianExtlinuxFactAttribute() => Skip = HostBootCode.WhyNotDebianBuild();
}

/// <summary>A fact that runs the real extlinux on a loop-mounted scratch filesystem.</summary>
public sealed class MountingRefereeFactAttribute : FactAttribute
{
    public MountingRefereeFactAttribute() => Skip = HostBootCode.WhyNoMountingReferee();
}

/// <summary>A fact that needs some build of extlinux on this machine.</summary>
public sealed class InstalledExtlinuxFactAttribute : FactAttribute
{
    public InstalledExtlinuxFactAttribute() =>
        Skip = File.Exists(HostBootCode.Extlinux) ? null : $"{HostBootCode.Extlinux} is not installed (apt-get install extlinux)";
}
