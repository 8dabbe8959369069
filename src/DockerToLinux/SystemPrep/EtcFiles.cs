using System.Text;

namespace DockerToLinux.SystemPrep;

/// <summary>The text of the small /etc files d2l always writes.</summary>
internal static class EtcFiles
{
    /// <summary>The directory the EFI System Partition is mounted on.</summary>
    public const string EspMountPoint = "/boot/efi";

    /// <summary>
    /// /etc/fstab: the root filesystem by UUID, remounted read-only on errors, checked first at boot; and the
    /// ESP, if there is one, by its FAT serial, readable by root only, and <c>nofail</c> so that a kernel
    /// without vfat still boots.
    /// </summary>
    public static string Fstab(Guid filesystemUuid, uint? espVolumeId = null) =>
        "# Written by d2l: the root filesystem, found by its UUID"
        + (espVolumeId is null ? ".\n" : ", and the EFI System Partition, by its FAT serial number.\n")
        + $"UUID={filesystemUuid:D} / ext4 errors=remount-ro 0 1\n"
        + (espVolumeId is { } id ? $"UUID={FatSerial(id)} {EspMountPoint} vfat umask=0077,nofail 0 2\n" : string.Empty);

    /// <summary>A FAT volume serial number as blkid and fstab write it: <c>1234-ABCD</c>.</summary>
    public static string FatSerial(uint volumeId) => $"{volumeId >> 16:X4}-{volumeId & 0xFFFF:X4}";

    /// <summary>/etc/hostname.</summary>
    public static string Hostname(string hostname) => hostname + "\n";

    /// <summary>/etc/hosts with the loopback names Debian's installer writes.</summary>
    public static string Hosts(string hostname) =>
        "127.0.0.1\tlocalhost\n"
        + $"127.0.1.1\t{hostname}\n"
        + "\n"
        + "::1\tlocalhost ip6-localhost ip6-loopback\n"
        + "ff02::1\tip6-allnodes\n"
        + "ff02::2\tip6-allrouters\n";

    /// <summary>/etc/resolv.conf as a plain file that works before (or without) a DHCP client.</summary>
    public static string ResolvConf(IReadOnlyList<string> nameServers)
    {
        var text = new StringBuilder();
        text.Append("# Written by d2l. A DHCP client (ifupdown, dhcpcd, udhcpc) replaces this file at boot.\n");
        text.Append("# 10.0.2.3 is QEMU user networking's DNS forwarder; the others serve elsewhere.\n");
        foreach (string server in nameServers)
        {
            text.Append("nameserver ").Append(server).Append('\n');
        }
        text.Append("options timeout:2 attempts:2\n");
        return text.ToString();
    }

    /// <summary>True if <paramref name="hostname"/> is a valid host name (RFC 1123 labels, at most 253 characters).</summary>
    public static bool IsValidHostname(string hostname) =>
        hostname.Length is > 0 and <= 253
        && hostname.Split('.').All(label => label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && label[0] != '-' && label[^1] != '-');
}
