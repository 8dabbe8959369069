namespace DockerToLinux.KubeVirt;

/// <summary>
/// What a KubeVirt <c>VirtualMachine</c> for a pushed containerDisk asks for besides its image: a name, memory,
/// CPUs, and the SSH keys its cloud-init NoCloud volume gives.
/// </summary>
public sealed record VirtualMachineSettings
{
    /// <summary>The VM's name, a DNS-1123 label; null for one made from the repository's last path element.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The memory requested, as a Kubernetes quantity (<c>2Gi</c>, <c>1536Mi</c>, <c>2G</c>). The default is
    /// <c>d2l boot</c>'s, 1 GiB, on which every disk d2l's boot tests try reaches its login prompt.
    /// </summary>
    public string Memory { get; init; } = "1Gi";

    /// <summary>The virtual CPU cores.</summary>
    public int Cpus { get; init; } = 1;

    /// <summary>The users and their keys for cloud-init (root among them); none means no cloud-init volume.</summary>
    public IReadOnlyList<VirtualMachineUser> Users { get; init; } = [];

    /// <summary>Refuses a name, memory or CPU count KubeVirt would refuse, before anything is built or pushed.</summary>
    /// <exception cref="D2lException">A bad name, memory quantity or CPU count, blaming its setting.</exception>
    public void Check()
    {
        if (Name is not null && !VirtualMachineNames.IsValid(Name))
        {
            throw D2lException.BadSetting(Setting.VirtualMachineName,
                $"'{Name}' is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63)");
        }
        MemoryQuantity.Check(Memory);
        if (Cpus < 1)
        {
            throw D2lException.BadSetting(Setting.VirtualMachineCpus, $"{Cpus} is not a number of CPUs (1 or more)");
        }
    }
}
