using System.CommandLine;
using DockerToLinux.Pipeline;

namespace DockerToLinux.Cli;

/// <summary><c>d2l push DISK DEST</c>: a disk that exists becomes a KubeVirt containerDisk image in a registry or a local layout.</summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var disk = new Argument<string>("disk") { Description = "The disk to publish: raw, vdi, qcow2, vmdk, vhd or vhdx (recognised by content)" };
        var destination = new Argument<string>("destination")
        {
            Description = "docker://HOST/REPO[:TAG], oci:DIR[:REF] or oci-archive:FILE[:REF]",
        };
        var format = new Option<string?>("--format") { Description = "The disk in the image: qcow2 (default, converted when needed) or raw" };
        var force = new Option<bool>("--force", "-f") { Description = "Replace a local destination if it exists" };
        var command = new Command("push", "Publish a disk as a KubeVirt containerDisk image (disk/disk.qcow2, owned by 107:107)")
        {
            disk, destination, format, force,
        };
        var imageOptions = new ImageOptions();
        imageOptions.AddTo(command);
        var flags = new ContainerDiskFlags();
        flags.AddTo(command);
        var kubeVirt = new KubeVirtFlags();
        kubeVirt.AddTo(command);
        var accounts = new AccountOptions();
        accounts.AddKeysTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var (users, rootSshKeys) = accounts.ReadUsersAndKeys(parsed);
                if (users.Count + rootSshKeys.Count > 0 && parsed.GetValue(kubeVirt.Manifest) is null)
                {
                    throw D2lException.BadInput(users.Count > 0 ? "--user" : "--ssh-key",
                        "on push, users and keys go only into the VirtualMachine's cloud-init: add --kubevirt-manifest FILE");
                }
                if (users.FirstOrDefault(user => user.SshKeys.Count == 0) is { } keyless)
                {
                    throw D2lException.BadInput("--user", $"'{keyless.Name}' has no --ssh-key after it; on push a user only carries keys into the VirtualMachine's cloud-init");
                }
                var options = kubeVirt.Apply(parsed,
                    flags.Read(parsed, parsed.GetValue(destination)!, parsed.GetValue(format), imageOptions.Read(parsed), parsed.GetValue(force)),
                    rootSshKeys, users);
                var result = await ProgressDisplay.RunAsync(progress => new ContainerDiskPipeline().PushAsync(
                    parsed.GetValue(disk)!, options, progress, cancellationToken)).ConfigureAwait(false);
                Console.Out.WriteLine(ContainerDiskFlags.Describe(result));
                if (KubeVirtFlags.Describe(result) is { } manifestLine)
                {
                    Console.Out.WriteLine(manifestLine);
                }
                return 0;
            }
            catch (Exception error)
            {
                return Failure.Report(error, parsed.GetValue(Program.Verbose));
            }
        });
        return command;
    }
}
