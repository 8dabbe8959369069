namespace DockerToLinux;

/// <summary>
/// The settings of a build, conversion or boot that a refusal can blame (<see cref="D2lException.Setting"/>),
/// named after the option properties that hold them. A front end shows each under its own name.
/// </summary>
public enum Setting
{
    /// <summary>The disk's size (<c>BuildOptions.DiskSize</c>), which also bounds the root filesystem.</summary>
    DiskSize,

    /// <summary>How many layers are read at once (<c>BuildOptions.LayersAtOnce</c>).</summary>
    LayersAtOnce,

    /// <summary>The machine's host name (<c>BuildOptions.Hostname</c>).</summary>
    Hostname,

    /// <summary>Extra kernel arguments (<c>BuildOptions.KernelArguments</c>).</summary>
    KernelArguments,

    /// <summary>The UEFI loader (<c>BuildOptions.EfiLoader</c>).</summary>
    EfiLoader,

    /// <summary>The partition table (<c>BuildOptions.PartitionTable</c>).</summary>
    PartitionTable,

    /// <summary>Whether an existing output file may be replaced (<c>BuildOptions.Force</c>).</summary>
    Force,

    /// <summary>The output's disk format (<c>OutputFormat</c>).</summary>
    Format,

    /// <summary>The VMDK variant of a VMDK output.</summary>
    VmdkVariant,

    /// <summary>The VHD variant of a VHD output.</summary>
    VhdVariant,

    /// <summary>The platform picked from a multi-platform image (<c>ImageSourceOptions.Platform</c>).</summary>
    Platform,

    /// <summary>The registry credentials (<c>ImageSourceOptions.Credentials</c>).</summary>
    Credentials,

    /// <summary>The accelerator QEMU boots with (<c>BootOptions.Accel</c>).</summary>
    Accelerator,
}
