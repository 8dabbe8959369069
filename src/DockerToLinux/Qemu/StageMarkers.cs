using System.Text.RegularExpressions;

namespace DockerToLinux.Qemu;

/// <summary>
/// Recognises the stages of <see cref="BootStage"/> in the serial console and in SeaBIOS's debug port,
/// and keeps the first time each was seen.
/// </summary>
internal sealed partial class StageMarkers
{
    private readonly Dictionary<BootStage, TimeSpan> _seen = [];

    /// <summary>The stages seen so far, in boot order.</summary>
    public IReadOnlyList<StageTime> Times =>
        [.. _seen.OrderBy(pair => pair.Key).Select(pair => new StageTime(pair.Key, pair.Value))];

    /// <summary>Whether <paramref name="stage"/> has been seen.</summary>
    public bool Saw(BootStage stage) => _seen.ContainsKey(stage);

    /// <summary>Records <paramref name="stage"/> at <paramref name="at"/> unless it was seen earlier.</summary>
    public void Record(BootStage stage, TimeSpan at) => _seen.TryAdd(stage, at);

    /// <summary>Looks at the firmware's debug port output so far.</summary>
    public void ObserveFirmware(string firmwareLog, TimeSpan at)
    {
        if (firmwareLog.Length > 0)
        {
            Record(BootStage.Firmware, at);
        }
        if (firmwareLog.Contains("Booting from ", StringComparison.Ordinal))
        {
            Record(BootStage.Bootloader, at);
        }
    }

    /// <summary>Looks at one console line (possibly unfinished).</summary>
    public void ObserveConsole(string line, TimeSpan at)
    {
        if (BootloaderLine().IsMatch(line))
        {
            Record(BootStage.Bootloader, at);
        }
        else if (KernelLine().IsMatch(line))
        {
            Record(BootStage.Kernel, at);
        }
        else if (InitLine().IsMatch(line))
        {
            Record(BootStage.Init, at);
        }
    }

    // SYSLINUX/EXTLINUX banners and their "Loading" lines; GRUB's own words.
    [GeneratedRegex(@"^(SYSLINUX|EXTLINUX|ISOLINUX) \d|^Loading /|^GNU GRUB|^Welcome to GRUB")]
    private static partial Regex BootloaderLine();

    // The kernel's banner, or any line stamped at time zero when the banner was missed.
    [GeneratedRegex(@"Linux version \d|^\[\s*0\.000000\]")]
    private static partial Regex KernelLine();

    // The kernel's hand-over to the initramfs or the root filesystem, or an init's greeting.
    [GeneratedRegex(@"Run \S+ as init process|Welcome to .*!|systemd\[1\]: systemd \d|^INIT: version|OpenRC")]
    private static partial Regex InitLine();
}
