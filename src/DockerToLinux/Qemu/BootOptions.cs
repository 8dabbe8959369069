using DockerToLinux.Disks;

namespace DockerToLinux.Qemu;

/// <summary>What to boot and how long to wait for it. Immutable; change it with the <c>With…</c> copies.</summary>
public sealed record BootOptions
{
    /// <summary>The login prompt a booted Linux prints on its serial console, e.g. <c>d2l login:</c>.</summary>
    public const string LoginPrompt = "login:";

    /// <summary>Creates options for booting <paramref name="diskPath"/>, a disk of <paramref name="diskFormat"/> (raw when null).</summary>
    public BootOptions(string diskPath, DiskFormat? diskFormat = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(diskPath);
        DiskPath = diskPath;
        DiskFormat = diskFormat ?? DiskFormat.Raw;
    }

    /// <summary>The disk image to boot. QEMU runs on a throwaway snapshot, so the file is never modified.</summary>
    public string DiskPath { get; init; }

    /// <summary>The disk's format, which QEMU is told by its <see cref="DiskFormat.QemuName"/>.</summary>
    public DiskFormat DiskFormat { get; init; }

    /// <summary>Guest memory in MiB.</summary>
    public int MemoryMiB { get; init; } = 1024;

    /// <summary>Guest CPU count.</summary>
    public int Cpus { get; init; } = 1;

    /// <summary>How long one boot may take to print <see cref="ExpectPattern"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The accelerator to use; see <see cref="Accelerator.Auto"/>.</summary>
    public Accelerator Accel { get; init; } = Accelerator.Auto;

    /// <summary>A file that receives a copy of the serial console, or null.</summary>
    public string? LogPath { get; init; }

    /// <summary>
    /// A regular expression matched against each console line (also the unfinished last one, since a
    /// login prompt has no line end) after ANSI escapes and carriage returns are removed.
    /// </summary>
    public string ExpectPattern { get; init; } = LoginPrompt;

    /// <summary>Whether the guest gets a user-mode network card (DHCP from QEMU, no host setup).</summary>
    public bool UserNetwork { get; init; } = true;

    /// <summary>Host ports forwarded to guest ports through the user-mode network card.</summary>
    public IReadOnlyList<PortForward> PortForwards { get; init; } = [];

    /// <summary>Boot this kernel directly instead of the disk's boot loader (QEMU <c>-kernel</c>), or null.</summary>
    public string? KernelPath { get; init; }

    /// <summary>The initramfs for <see cref="KernelPath"/> (QEMU <c>-initrd</c>), or null.</summary>
    public string? InitrdPath { get; init; }

    /// <summary>The kernel command line for <see cref="KernelPath"/> (QEMU <c>-append</c>), or null.</summary>
    public string? Append { get; init; }

    /// <summary>
    /// How long a KVM boot may stay silent on the console, before its first output or between outputs,
    /// before it counts as hung and <see cref="Accelerator.Auto"/> repeats the boot under TCG.
    /// </summary>
    public TimeSpan KvmSilenceLimit { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A command to run after the boot, by logging in on the serial console, or null to stop at the
    /// prompt. <see cref="Timeout"/> applies again to the login and the command.
    /// </summary>
    public ConsoleCommand? Command { get; init; }

    /// <summary>
    /// Whether a person uses the console: this process's standard input is typed into the guest, and the
    /// boot neither stops at the prompt nor times out after it; it ends when the guest powers off or
    /// the run is cancelled (Ctrl-C).
    /// </summary>
    public bool Interactive { get; init; }

    /// <summary>
    /// Whether the disk boots d2l's app init: the boot waits for the app's exit status on the second serial port
    /// (not for <see cref="ExpectPattern"/>), the console carries only the app's output once it has started, and
    /// the run ends when the guest powers off. <see cref="Timeout"/> applies until the app starts.
    /// </summary>
    public bool App { get; init; }

    /// <summary>For <see cref="App"/>: cancelled to ask the app to stop (its stop signal, then SIGKILL after its stop timeout).</summary>
    public CancellationToken AppStop { get; init; }

    /// <summary>
    /// For <see cref="App"/> on a disk whose app reads the console: what the app reads, written to the console once the
    /// app init says the app reads it (with the console's echo off; bytes sent before would be echoed into the app's output) and ended with the terminal's end-of-file
    /// character; null gives the console no input.
    /// </summary>
    public Stream? AppInput { get; init; }

    /// <summary>The firmware the machine starts: SeaBIOS, or OVMF for UEFI.</summary>
    public Firmware Firmware { get; init; } = Firmware.Bios;

    /// <summary>OVMF's code image (non-Secure-Boot, 4 MiB flash), used when <see cref="Firmware"/> is UEFI.</summary>
    public string OvmfCodePath { get; init; } = "/usr/share/OVMF/OVMF_CODE_4M.fd";

    /// <summary>OVMF's empty variable store; each boot gets its own copy, so no run sees another's NVRAM.</summary>
    public string OvmfVarsTemplatePath { get; init; } = "/usr/share/OVMF/OVMF_VARS_4M.fd";

    /// <summary>The controller the disk is attached to; virtio unless a test or a person wants another.</summary>
    public DiskBus DiskBus { get; init; } = DiskBus.Virtio;

    /// <summary>A copy that runs an app VM (see <see cref="App"/>), whose app is asked to stop when <paramref name="stop"/> is cancelled.</summary>
    public BootOptions WithApp(CancellationToken stop) => this with { App = true, AppStop = stop };

    /// <summary>A copy whose app reads <paramref name="input"/> (see <see cref="AppInput"/>).</summary>
    public BootOptions WithAppInput(Stream? input) => this with { AppInput = input };

    /// <summary>A copy that starts <paramref name="firmware"/>.</summary>
    public BootOptions WithFirmware(Firmware firmware) => this with { Firmware = firmware };

    /// <summary>A copy that attaches the disk to <paramref name="bus"/>.</summary>
    public BootOptions WithDiskBus(DiskBus bus) => this with { DiskBus = bus };

    /// <summary>A copy that forwards <paramref name="forwards"/> from the host to the guest.</summary>
    /// <exception cref="D2lException">Two forwards of one host port and protocol.</exception>
    public BootOptions WithPortForwards(IReadOnlyList<PortForward> forwards)
    {
        if (forwards.GroupBy(forward => (forward.HostPort, forward.Udp)).FirstOrDefault(same => same.Count() > 1) is { } twice)
        {
            throw D2lException.BadSetting(Setting.PortForwards, $"host port {twice.Key.HostPort} is forwarded more than once");
        }
        return this with { PortForwards = forwards };
    }

    /// <summary>A copy with another timeout.</summary>
    public BootOptions WithTimeout(TimeSpan timeout) => this with { Timeout = timeout };

    /// <summary>A copy with another accelerator.</summary>
    public BootOptions WithAccelerator(Accelerator accel) => this with { Accel = accel };

    /// <summary>A copy that also writes the console to <paramref name="logPath"/>.</summary>
    public BootOptions WithLog(string? logPath) => this with { LogPath = logPath };

    /// <summary>A copy that waits for another console pattern.</summary>
    public BootOptions WithExpectPattern(string pattern) => this with { ExpectPattern = pattern };

    /// <summary>A copy with other guest resources.</summary>
    public BootOptions WithMachine(int memoryMiB, int cpus) => this with { MemoryMiB = memoryMiB, Cpus = cpus };

    /// <summary>A copy that hands the console to a person; see <see cref="Interactive"/>.</summary>
    public BootOptions WithInteractive(bool interactive) => this with { Interactive = interactive };

    /// <summary>A copy that logs in as <paramref name="user"/> once booted and runs <paramref name="command"/>.</summary>
    public BootOptions WithCommand(string user, string password, string command) =>
        this with { Command = new ConsoleCommand(user, password, command) };

    /// <summary>A copy that boots a kernel directly rather than through the disk's boot loader.</summary>
    public BootOptions WithKernel(string kernelPath, string? initrdPath, string? append) =>
        this with { KernelPath = kernelPath, InitrdPath = initrdPath, Append = append };
}
