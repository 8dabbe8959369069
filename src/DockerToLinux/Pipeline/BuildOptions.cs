using DockerToLinux.Disks;

namespace DockerToLinux.Pipeline;

/// <summary>What <see cref="DiskBuilder"/> builds: one image in, one disk out. Immutable; use <c>with</c> to vary.</summary>
public sealed record BuildOptions
{
    /// <summary>The image, written like skopeo's transports (<c>oci-archive:PATH</c>, <c>docker-archive:PATH</c>…).</summary>
    public required string Source { get; init; }

    /// <summary>How the image is fetched: platform, registry credentials and TLS, engine socket.</summary>
    public Images.ImageSourceOptions Image { get; init; } = new();

    /// <summary>The disk file to write.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The disk format and variant; null picks it from the output's extension (raw for anything unknown).</summary>
    public Disks.DiskFormat? Format { get; init; }

    /// <summary>Replace an existing output file.</summary>
    public bool Force { get; init; }

    /// <summary>The whole disk's size in bytes; null picks one from the content, with headroom.</summary>
    public long? DiskSize { get; init; }

    /// <summary>The machine's host name, written to /etc/hostname and /etc/hosts.</summary>
    public string Hostname { get; init; } = "d2l";

    /// <summary>A root password to store as a SHA-512 crypt hash; null leaves root as the image has it.</summary>
    public string? RootPassword { get; init; }

    /// <summary>Users to add, with their passwords, keys and groups, in order (uids are given out in this order).</summary>
    public IReadOnlyList<Accounts.UserAccount> Users { get; init; } = [];

    /// <summary>authorized_keys lines for root; the image needs an SSH server for them.</summary>
    public IReadOnlyList<string> RootSshKeys { get; init; } = [];

    /// <summary>
    /// The network to configure; the default writes DHCP only for images that configure no network. Its name
    /// servers also go into /etc/resolv.conf.
    /// </summary>
    public Accounts.NetworkSettings Network { get; init; } = Accounts.NetworkSettings.Default;

    /// <summary>
    /// A cloud-init user-data file on this machine, written with the meta-data into the image's NoCloud seed
    /// (/var/lib/cloud/seed/nocloud); null writes no seed. The image needs cloud-init.
    /// </summary>
    public string? CloudInitUserData { get; init; }

    /// <summary>
    /// A cloud-init meta-data file on this machine for the seed; null writes one with an instance-id and the host name.
    /// Used only with <see cref="CloudInitUserData"/>.
    /// </summary>
    public string? CloudInitMetaData { get; init; }

    /// <summary>Extra kernel arguments appended to the boot loader's command line.</summary>
    public string? KernelArguments { get; init; }

    /// <summary>
    /// A kernel image (any source <see cref="Source"/> may be) whose kernel, initramfs and modules the disk boots,
    /// in place of the image's own kernel; null keeps the image's.
    /// </summary>
    public string? Kernel { get; init; }

    /// <summary>A kernel image used only when the image has no kernel of its own and <see cref="Kernel"/> is null.</summary>
    public string? DefaultKernel { get; init; }

    /// <summary>Which release of the kernel image to take (<c>uname -r</c>); null takes the newest.</summary>
    public string? KernelVersion { get; init; }

    /// <summary>
    /// Which init the disk boots: the image's own, or d2l's app init, which runs the image's Entrypoint and Cmd as
    /// a container runtime would and powers the VM off when it exits.
    /// </summary>
    public InitChoice Init { get; init; } = InitChoice.Auto;

    /// <summary>What <c>docker run</c> would let a caller change in the image's Entrypoint, Cmd, Env, WorkingDir and User.</summary>
    public AppInit.RunOverrides Run { get; init; } = AppInit.RunOverrides.None;

    /// <summary>Seconds the app has after its stop signal before it is killed; null means Docker's 10.</summary>
    public int? StopTimeoutSeconds { get; init; }

    /// <summary>
    /// Whether the app init gives the app the console as its stdin (what the host writes to the first serial port),
    /// as <c>docker run -i</c> does, instead of <c>/dev/null</c>.
    /// </summary>
    public bool AppReadsConsole { get; init; }

    /// <summary>
    /// Also run the image's Entrypoint and Cmd (with <see cref="Run"/>) as a service of the image's own systemd or
    /// OpenRC, started at boot and restarted when it fails, while the VM keeps running.
    /// </summary>
    public bool Service { get; init; }

    /// <summary>Which boot code to install.</summary>
    public Bootloader Bootloader { get; init; } = Bootloader.Extlinux;

    /// <summary>Which loader goes on the EFI System Partition (for <see cref="Bootloader.Uefi"/> and <see cref="Bootloader.Hybrid"/>).</summary>
    public Boot.Uefi.EfiLoader EfiLoader { get; init; } = Boot.Uefi.EfiLoader.Auto;

    /// <summary>The partition table; null picks the boot loader's usual one (see <see cref="BootloaderDefaults"/>).</summary>
    public PartitionTable? PartitionTable { get; init; }

    /// <summary>SOURCE_DATE_EPOCH: when set, the output is byte-identical for the same input.</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>
    /// How many layers may be read at the same time; null means one per core, at most 4. The disk is the same
    /// byte for byte whatever the number: it only decides how long the build takes.
    /// </summary>
    public int? LayersAtOnce { get; init; }
}

/// <summary>The boot loaders d2l installs.</summary>
public enum Bootloader
{
    /// <summary>syslinux's extlinux for BIOS: <c>mbr.bin</c> on MBR, <c>gptmbr.bin</c> on GPT.</summary>
    Extlinux,

    /// <summary>No boot code and no kernel needed: a partitioned disk with its filesystem.</summary>
    None,

    /// <summary>GRUB for BIOS (i386-pc): boot.img and an assembled core.img, in the MBR gap or a BIOS boot partition.</summary>
    Grub,

    /// <summary>UEFI: an EFI System Partition with systemd-boot (and the kernel and initramfs) or GRUB (GPT only).</summary>
    Uefi,

    /// <summary>One GPT disk for both firmwares: GRUB for BIOS and the UEFI System Partition.</summary>
    Hybrid,
}

/// <summary>The partition tables d2l writes.</summary>
public enum PartitionTable
{
    /// <summary>A classic MBR with one active Linux partition.</summary>
    Mbr,

    /// <summary>A GUID partition table behind a protective MBR.</summary>
    Gpt,
}
