namespace DockerToLinux.SystemPrep;

/// <summary>
/// The files that grow the root partition and filesystem at every boot, so that a disk enlarged in the hypervisor
/// (<c>qemu-img resize</c>, <c>VBoxManage modifymedium --resize</c>) is used at the next boot: a script that runs the
/// image's <c>growpart</c> (cloud-guest-utils) on the root partition and then the image's <c>resize2fs</c> on the
/// mounted root, and the unit or init script that starts it. Both tools do nothing when there is no room, so it
/// runs at every boot rather than once.
/// </summary>
internal static class RootGrowth
{
    /// <summary>The script's path: the administrator's area, which no package owns.</summary>
    public const string ScriptPath = "/usr/local/sbin/d2l-growroot";

    /// <summary>The systemd unit's name.</summary>
    public const string UnitName = "d2l-growroot.service";

    /// <summary>The sysvinit script's path.</summary>
    public const string InitScriptPath = "/etc/init.d/d2l-growroot";

    /// <summary>Where the image keeps growpart.</summary>
    public static readonly IReadOnlyList<string> GrowpartPaths = ["/usr/bin/growpart", "/usr/sbin/growpart", "/bin/growpart", "/sbin/growpart"];

    /// <summary>Where the image keeps resize2fs.</summary>
    public static readonly IReadOnlyList<string> Resize2fsPaths = ["/usr/sbin/resize2fs", "/sbin/resize2fs", "/usr/bin/resize2fs", "/bin/resize2fs"];

    /// <summary>
    /// The script. It finds the root's block device from its major:minor in mountinfo (no findmnt or lsblk needed),
    /// the disk and partition number from sysfs, and always runs resize2fs, so that a boot interrupted between the
    /// two steps is finished by the next one. growpart exits 1 when the partition cannot grow.
    /// </summary>
    public static string Script(string growpart, string resize2fs) =>
        "#!/bin/sh\n"
        + "# Written by d2l: grows the root partition to the end of its disk and the root filesystem to the end of the\n"
        + "# partition, so that an enlarged virtual disk is used. Does nothing when there is no room.\n"
        + "set -u\n"
        + "device=$(awk '$5 == \"/\" { found = $3 } END { print found }' /proc/self/mountinfo)\n"
        + "partition=/sys/dev/block/$device\n"
        + "[ -r \"$partition/partition\" ] || exit 0\n"
        + "number=$(cat \"$partition/partition\")\n"
        + "name=$(basename \"$(readlink -f \"$partition\")\")\n"
        + "disk=$(basename \"$(readlink -f \"$partition/..\")\")\n"
        + $"{growpart} \"/dev/$disk\" \"$number\" || [ $? -eq 1 ] || exit 1\n"
        + $"exec {resize2fs} \"/dev/$name\"\n";

    /// <summary>The systemd unit: once the root is writable, before the services of multi-user.target.</summary>
    public static string Unit =>
        "# Written by d2l: grows the root partition and filesystem when the disk has grown.\n"
        + "[Unit]\n"
        + "Description=Grow the root partition and filesystem to the end of the disk\n"
        + "DefaultDependencies=no\n"
        + "After=local-fs.target\n"
        + "Before=sysinit.target shutdown.target\n"
        + "Conflicts=shutdown.target\n"
        + "\n[Service]\n"
        + "Type=oneshot\n"
        + "RemainAfterExit=yes\n"
        + $"ExecStart={ScriptPath}\n"
        + "\n[Install]\n"
        + "WantedBy=sysinit.target\n";

    /// <summary>The sysvinit script, linked to run early in runlevels 2 to 5.</summary>
    public static string InitScript =>
        "#!/bin/sh\n"
        + "### BEGIN INIT INFO\n"
        + "# Provides:          d2l-growroot\n"
        + "# Required-Start:    $local_fs\n"
        + "# Required-Stop:\n"
        + "# Default-Start:     2 3 4 5\n"
        + "# Default-Stop:\n"
        + "# Short-Description: Grow the root partition and filesystem (written by d2l)\n"
        + "### END INIT INFO\n"
        + "case \"$1\" in\n"
        + $"  start) {ScriptPath} ;;\n"
        + "esac\n"
        + "exit 0\n";
}
