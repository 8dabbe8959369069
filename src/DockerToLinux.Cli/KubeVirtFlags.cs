using System.CommandLine;
using DockerToLinux.Accounts;
using DockerToLinux.KubeVirt;
using DockerToLinux.Pipeline;

namespace DockerToLinux.Cli;

/// <summary>
/// The options of the KubeVirt VirtualMachine manifest written beside a pushed containerDisk, shared by
/// <c>build --containerdisk</c> and <c>push</c>. They are named <c>--vm-…</c>: <c>d2l boot</c>'s <c>--memory</c> and
/// <c>--cpus</c> take MiB and a count for QEMU, not a Kubernetes quantity.
/// </summary>
internal sealed class KubeVirtFlags
{
    /// <summary><c>--kubevirt-manifest FILE</c>: where the manifest goes.</summary>
    public Option<string?> Manifest { get; } = new("--kubevirt-manifest")
    {
        Description = "Also write a KubeVirt VirtualMachine (kubevirt.io/v1) that boots the pushed image by its digest (docker:// destinations only)",
    };

    private readonly Option<string?> _name = new("--vm-name")
    {
        Description = "The VirtualMachine's name, a DNS-1123 label (default: the repository's last path element)",
    };

    private readonly Option<string?> _memory = new("--vm-memory")
    {
        Description = "The VirtualMachine's memory, a Kubernetes quantity such as 2Gi (default 1Gi)",
    };

    private readonly Option<int?> _cpus = new("--vm-cpus") { Description = "The VirtualMachine's CPU cores (default 1)" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Manifest, _name, _memory, _cpus })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// <paramref name="options"/> with the manifest's file and settings; the users with keys (root's first) go into
    /// its cloud-init volume.
    /// </summary>
    /// <exception cref="D2lException">A <c>--vm-…</c> option without <c>--kubevirt-manifest</c>.</exception>
    public ContainerDiskOptions Apply(ParseResult parsed, ContainerDiskOptions options, IReadOnlyList<string> rootSshKeys,
        IReadOnlyList<UserAccount> users)
    {
        string? path = parsed.GetValue(Manifest);
        if (path is null)
        {
            string? stray = parsed.GetValue(_name) is not null ? _name.Name
                : parsed.GetValue(_memory) is not null ? _memory.Name
                : parsed.GetValue(_cpus) is not null ? _cpus.Name
                : null;
            return stray is null ? options : throw D2lException.BadInput(stray, "shapes the VirtualMachine manifest: add --kubevirt-manifest FILE");
        }
        var settings = new VirtualMachineSettings
        {
            Name = parsed.GetValue(_name),
            Users = [
                .. rootSshKeys.Count > 0 ? [new VirtualMachineUser("root", rootSshKeys)] : Array.Empty<VirtualMachineUser>(),
                .. users.Where(user => user.SshKeys.Count > 0).Select(user => new VirtualMachineUser(user.Name, user.SshKeys)),
            ],
        };
        settings = parsed.GetValue(_memory) is { } memory ? settings with { Memory = memory } : settings;
        settings = parsed.GetValue(_cpus) is { } cpus ? settings with { Cpus = cpus } : settings;
        return options with { ManifestPath = path, VirtualMachine = settings };
    }

    /// <summary>The line printed for a manifest written, or null when none was.</summary>
    public static string? Describe(ContainerDiskResult result) =>
        result.ManifestPath is { } path ? $"{path}: KubeVirt VirtualMachine booting {result.PinnedImage}" : null;
}
