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

    /// <summary>The kernel image whose kernel the disk boots (<c>BuildOptions.Kernel</c>).</summary>
    Kernel,

    /// <summary>Which of a kernel image's kernel versions to take (<c>BuildOptions.KernelVersion</c>).</summary>
    KernelVersion,

    /// <summary>The accelerator QEMU boots with (<c>BootOptions.Accel</c>).</summary>
    Accelerator,

    /// <summary>The users to add (<c>BuildOptions.Users</c>): names, uids, groups.</summary>
    Users,

    /// <summary>The SSH public keys for root and the users (<c>BuildOptions.RootSshKeys</c>, <c>UserAccount.SshKeys</c>).</summary>
    SshKeys,

    /// <summary>The network to configure (<c>NetworkSettings.Mode</c>, <c>Address</c>, <c>Gateway</c>).</summary>
    Network,

    /// <summary>The name servers (<c>NetworkSettings.NameServers</c>).</summary>
    NameServers,

    /// <summary>The host ports forwarded to the guest (<c>BootOptions.PortForwards</c>).</summary>
    PortForwards,

    /// <summary>Which init the disk boots (<c>BuildOptions.Init</c>): the image's own or d2l's app init.</summary>
    Init,

    /// <summary>The entrypoint that replaces the image's (<c>RunOverrides.Entrypoint</c>).</summary>
    Entrypoint,

    /// <summary>The command that replaces the image's Cmd (<c>RunOverrides.Cmd</c>).</summary>
    Cmd,

    /// <summary>Environment entries over the image's (<c>RunOverrides.Env</c>).</summary>
    Env,

    /// <summary>The working directory that replaces the image's (<c>RunOverrides.WorkingDir</c>).</summary>
    WorkingDir,

    /// <summary>The user the app runs as, replacing the image's (<c>RunOverrides.RunAs</c>).</summary>
    RunAs,

    /// <summary>How long the app has to stop before it is killed (<c>BuildOptions.StopTimeoutSeconds</c>).</summary>
    StopTimeout,

    /// <summary>Whether the image's process also runs as a service of the image's own init (<c>BuildOptions.Service</c>).</summary>
    Service,

    /// <summary>The cloud-init NoCloud seed (<c>BuildOptions.CloudInitUserData</c>, <c>CloudInitMetaData</c>).</summary>
    CloudInit,

    /// <summary>Where the KubeVirt VirtualMachine manifest goes (<c>ContainerDiskOptions.ManifestPath</c>).</summary>
    KubeVirtManifest,

    /// <summary>The VirtualMachine's name (<c>VirtualMachineSettings.Name</c>).</summary>
    VirtualMachineName,

    /// <summary>The VirtualMachine's memory (<c>VirtualMachineSettings.Memory</c>).</summary>
    VirtualMachineMemory,

    /// <summary>The VirtualMachine's CPU cores (<c>VirtualMachineSettings.Cpus</c>).</summary>
    VirtualMachineCpus,
}
