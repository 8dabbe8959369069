using DockerToLinux.AppInit;
using DockerToLinux.Images;
using DockerToLinux.Qemu;

namespace DockerToLinux.Run;

/// <summary>What <see cref="AppRunner"/> runs: an image, what its process is, and the machine it runs in.</summary>
public sealed record AppRunOptions
{
    /// <summary>The image, written as for <c>d2l build</c>.</summary>
    public required string Source { get; init; }

    /// <summary>How the image (and the kernel image) is fetched: platform, registry credentials and TLS.</summary>
    public ImageSourceOptions Image { get; init; } = new();

    /// <summary>The kernel image whose kernel boots the app; null takes <see cref="DefaultKernel"/>, else the image's own kernel.</summary>
    public string? Kernel { get; init; }

    /// <summary>The kernel image of <c>D2L_KERNEL</c>, for images without a kernel.</summary>
    public string? DefaultKernel { get; init; }

    /// <summary>Which release of the kernel image boots; null takes the newest.</summary>
    public string? KernelVersion { get; init; }

    /// <summary>
    /// Whether the image's own init boots (with the process as its <c>d2l-app</c> service) instead of d2l's app
    /// init, which runs every image, with an init of its own or not, unless this is asked for.
    /// </summary>
    public bool ImageInit { get; init; }

    /// <summary>The image's process changed as with <c>docker run</c>.</summary>
    public RunOverrides Run { get; init; } = RunOverrides.None;

    /// <summary>Seconds the app has after its stop signal before it is killed; null means Docker's 10.</summary>
    public int? StopTimeoutSeconds { get; init; }

    /// <summary>SOURCE_DATE_EPOCH for the disk, when it is to be reproducible.</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>What the app reads on its stdin (<c>docker run -i</c>); null gives it <c>/dev/null</c>.</summary>
    public Stream? Input { get; init; }

    /// <summary>Guest memory in MiB.</summary>
    public int MemoryMiB { get; init; } = 1024;

    /// <summary>Guest CPUs.</summary>
    public int Cpus { get; init; } = 1;

    /// <summary>KVM, TCG, or whichever works here.</summary>
    public Accelerator Accel { get; init; } = Accelerator.Auto;

    /// <summary>Host ports forwarded to the guest.</summary>
    public IReadOnlyList<PortForward> PortForwards { get; init; } = [];

    /// <summary>How long the app may take to start before the run counts as failed.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Also write the disk here (its format from the extension), to boot it again without d2l run.</summary>
    public string? KeepPath { get; init; }

    /// <summary>Where built disks are kept and found again.</summary>
    public required RunCache Cache { get; init; }
}
