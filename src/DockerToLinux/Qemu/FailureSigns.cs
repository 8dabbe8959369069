using System.Text.RegularExpressions;

namespace DockerToLinux.Qemu;

/// <summary>
/// The console lines of known boot failures (SYSLINUX, GRUB, Linux, Debian's initramfs-tools, BusyBox,
/// systemd), most specific first: a missing root also ends in a panic or a shell, and the root is the
/// cause to name.
/// </summary>
internal static class FailureSigns
{
    /// <summary>What Debian's initramfs does before it gives up on the root device; said whenever that is the cause.</summary>
    public const string RootWaitNote =
        "it is found only after the initramfs stops waiting for its root device: rootdelay= seconds, 180 by default on Debian";

    /// <summary>All signs, most specific cause first.</summary>
    public static readonly IReadOnlyList<FailureSign> All =
    [
        // Not "Target filesystem doesn't have requested X" nor "Failed to execute /init": the initramfs and the
        // kernel go on to try /sbin/init, /etc/init, /bin/init and /bin/sh after them (a disk booted with
        // init=/bin/nonexistent still reaches its login prompt), and say one of these when all are missing.
        Sign(BootFailureCause.InitMissing, @"No working init found|Requested init \S+ failed|No init found\. Try passing init=",
            true, "the root filesystem has no working init"),
        Sign(BootFailureCause.RootFilesystemNotFound, @"ALERT!\s+\S+ does not exist|Gave up waiting for root|VFS: Unable to mount root fs|VFS: Cannot open root device|Failed to mount .* as root|unable to find the root device",
            true, "the root filesystem was not found"),
        Sign(BootFailureCause.KernelNotFound, @"Could not find kernel image|Loading \S*(vmlinu[xz]|bzImage|kernel)\S*\.\.\. failed|error: file '\S*(vmlinuz|bzImage|linux)\S*' not found|^Boot failed: please change disks",
            true, "the boot loader could not find the kernel"),
        Sign(BootFailureCause.BootloaderError, @"^Boot error|^Loading \S+\.\.\. failed|Missing operating system|Invalid partition table|Error loading operating system|Failed to load ldlinux|^grub rescue>|error: (unknown filesystem|no such partition)",
            true, "the boot loader failed", matchesPrompt: true),
        Sign(BootFailureCause.KernelPanic, @"Kernel panic - not syncing", true, "the kernel panicked"),
        Sign(BootFailureCause.EmergencyShell, @"You are in (emergency|rescue) mode|Give root password for maintenance|Press Enter for maintenance|Dropping to a shell|^\(initramfs\) ?$",
            true, "the boot stopped in an emergency shell", matchesPrompt: true),
    ];

    /// <summary>The first sign (in the order of <see cref="All"/>) that <paramref name="line"/> shows, or null.</summary>
    public static FailureSign? Match(string line, bool finished) =>
        All.FirstOrDefault(sign => (finished || sign.MatchesPrompt) && sign.Pattern.IsMatch(line));

    /// <summary>How specific a cause is: lower wins when a boot shows several.</summary>
    public static int Rank(BootFailureCause cause)
    {
        for (int i = 0; i < All.Count; i++)
        {
            if (All[i].Cause == cause)
            {
                return i;
            }
        }
        return All.Count;
    }

    private static FailureSign Sign(BootFailureCause cause, string pattern, bool endsBoot, string explanation,
        bool matchesPrompt = false) =>
        new(cause, new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), endsBoot, explanation, matchesPrompt);
}
