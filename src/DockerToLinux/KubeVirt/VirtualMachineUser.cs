namespace DockerToLinux.KubeVirt;

/// <summary>A user whose SSH keys a VirtualMachine's cloud-init gives at first boot.</summary>
/// <param name="Name">The user's name (root included).</param>
/// <param name="SshKeys">The user's authorized_keys lines.</param>
public sealed record VirtualMachineUser(string Name, IReadOnlyList<string> SshKeys);
