namespace DockerToLinux.Cli;

/// <summary>
/// The command-line option of each library setting, so that a refusal the library words in its own terms
/// names the flag to change.
/// </summary>
internal static class SettingFlags
{
    private static readonly Dictionary<Setting, string> Flags = new()
    {
        [Setting.DiskSize] = "--size",
        [Setting.LayersAtOnce] = "--jobs",
        [Setting.Hostname] = "--hostname",
        [Setting.KernelArguments] = "--append",
        [Setting.EfiLoader] = "--efi-loader",
        [Setting.PartitionTable] = "--partition-table",
        [Setting.Force] = "--force",
        [Setting.Format] = "--format",
        [Setting.VmdkVariant] = "--vmdk-variant",
        [Setting.VhdVariant] = "--vhd-variant",
        [Setting.Platform] = "--platform",
        [Setting.Credentials] = "--creds",
        [Setting.Accelerator] = "--accel",
        [Setting.Kernel] = "--kernel",
        [Setting.KernelVersion] = "--kernel-version",
        [Setting.Users] = "--user",
        [Setting.SshKeys] = "--ssh-key",
        [Setting.Network] = "--network",
        [Setting.NameServers] = "--dns",
        [Setting.PortForwards] = "--publish",
        [Setting.Init] = "--init",
        [Setting.Entrypoint] = "--entrypoint",
        [Setting.Cmd] = "--cmd",
        [Setting.Env] = "--env",
        [Setting.WorkingDir] = "--workdir",
        [Setting.RunAs] = "--run-as",
        [Setting.StopTimeout] = "--stop-timeout",
        [Setting.Service] = "--service",
        [Setting.CloudInit] = "--cloud-init",
        [Setting.KubeVirtManifest] = "--kubevirt-manifest",
        [Setting.VirtualMachineName] = "--vm-name",
        [Setting.VirtualMachineMemory] = "--vm-memory",
        [Setting.VirtualMachineCpus] = "--vm-cpus",
    };

    /// <summary>The flag that sets <paramref name="setting"/>.</summary>
    public static string Of(Setting setting) => Flags[setting];

    /// <summary>The message of <paramref name="error"/>, led by the flag of the setting it blames.</summary>
    public static string Message(D2lException error) =>
        error.Setting is { } setting ? $"{Of(setting)}: {error.Message}" : error.Message;
}
