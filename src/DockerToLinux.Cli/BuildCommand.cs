using System.CommandLine;
using DockerToLinux.Boot.Uefi;
using DockerToLinux.Disks;
using DockerToLinux.Images;
using DockerToLinux.Pipeline;

namespace DockerToLinux.Cli;

/// <summary><c>d2l build SOURCE -o OUT</c>: an image becomes a bootable disk.</summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source")
        {
            Description = ImageOptions.SourceHelp,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The disk file to write; with --containerdisk, docker://HOST/REPO[:TAG], oci:DIR[:REF] or oci-archive:FILE[:REF]",
            Required = true,
        };
        var containerDisk = new Option<bool>("--containerdisk")
        {
            Description = "Publish the disk as a KubeVirt containerDisk image (disk/disk.qcow2, or disk.img with --format raw, owned by 107:107)",
        };
        var size = new Option<string>("--size")
        {
            Description = "Disk size: auto (the content plus headroom) or a size such as 4G or 512M",
            DefaultValueFactory = _ => "auto",
        };
        var hostname = new Option<string>("--hostname") { Description = "Host name of the machine", DefaultValueFactory = _ => "d2l" };
        var passwordFile = new Option<FileInfo?>("--root-password-file") { Description = "Read root's password from this file (first line)" };
        var password = new Option<string?>("--root-password") { Description = "Root's password (visible in the process list: prefer --root-password-file)" };
        var cloudInit = new Option<string?>("--cloud-init")
        {
            Description = "USER-DATA[,META-DATA]: files for the image's cloud-init NoCloud seed (default meta-data: an instance-id and the host name)",
        };
        var append = new Option<string?>("--append") { Description = "Extra kernel arguments" };
        var bootloader = new Option<Bootloader>("--bootloader")
        {
            Description = "extlinux or grub (BIOS), uefi (an EFI System Partition with systemd-boot or GRUB, see --efi-loader), hybrid "
                + "(GRUB for BIOS and the UEFI loader on one GPT disk), or none (no boot code)",
            DefaultValueFactory = _ => Bootloader.Extlinux,
        };
        var efiLoader = new Option<string>("--efi-loader")
        {
            Description = "The UEFI loader for uefi and hybrid: auto (the image's systemd-boot, else its GRUB, else this machine's), "
                + "systemd-boot, or grub",
            DefaultValueFactory = _ => "auto",
        };
        var partitionTable = new Option<PartitionTable?>("--partition-table")
        {
            Description = "mbr or gpt (default: mbr for extlinux and grub, gpt for uefi and hybrid)",
        };
        var kernel = new Option<string?>("--kernel")
        {
            Description = "A kernel image (any source an image may be, such as one built from templates/kernel) whose kernel, initramfs "
                + "and modules the disk boots, in place of the image's own; D2L_KERNEL names one for images without a kernel",
        };
        var kernelVersion = new Option<string?>("--kernel-version") { Description = "Which kernel of the kernel image to take (default: the newest)" };
        var force = new Option<bool>("--force", "-f") { Description = "Replace the output file if it exists" };
        var service = new Option<bool>("--service")
        {
            Description = "Also run the image's Entrypoint and Cmd (with the run options) as a service of the image's systemd or OpenRC, "
                + "started at boot and restarted on failure (d2l-app)",
        };
        var bootTest = new Option<bool>("--boot-test") { Description = "Boot the disk in QEMU after building it; exit 1 (keeping the disk) if it does not boot" };
        var bootTimeout = new Option<int>("--boot-timeout") { Description = "Seconds --boot-test waits for a login prompt", DefaultValueFactory = _ => 300 };
        var jobs = new Option<int?>("--jobs", "-j")
        {
            Description = "How many layers to read at the same time (default: one per core, at most 4); the disk is the same whatever the number",
        };
        var (format, vmdkVariant, vhdVariant) = FormatOptions.Create();

        var command = new Command("build", "Convert a container image into a bootable disk image")
        {
            source, output, size, hostname, passwordFile, password, append, bootloader, efiLoader, partitionTable, force, bootTest, bootTimeout,
            jobs, format, vmdkVariant, vhdVariant, kernel, kernelVersion, containerDisk, cloudInit,
        };
        var containerDiskFlags = new ContainerDiskFlags();
        containerDiskFlags.AddTo(command);
        var kubeVirt = new KubeVirtFlags();
        kubeVirt.AddTo(command);
        var imageOptions = new ImageOptions();
        imageOptions.AddTo(command);
        var accountOptions = new AccountOptions();
        accountOptions.AddTo(command);
        var runOptions = new RunOptions();
        runOptions.AddTo(command);
        command.Options.Add(service);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            bool verbose = parsed.GetValue(Program.Verbose);
            try
            {
                string outputPath = parsed.GetValue(output)!;
                if (verbose)
                {
                    Console.Error.WriteLine($"d2l: gzip layers are inflated by {GzipInflater.Describe()}");
                }
                bool publish = parsed.GetValue(containerDisk);
                if (!publish && ContainerDiskOptions.IsDestination(outputPath))
                {
                    throw D2lException.BadInput(outputPath, "is an image destination: add --containerdisk to publish the disk as a KubeVirt containerDisk");
                }
                if (!publish && parsed.GetValue(kubeVirt.Manifest) is not null)
                {
                    throw D2lException.BadInput("--kubevirt-manifest", "a VirtualMachine boots a pushed containerDisk: add --containerdisk and -o docker://HOST/REPO[:TAG]");
                }
                var (users, rootSshKeys, network) = accountOptions.Read(parsed);
                var (userData, metaData) = SplitCloudInit(parsed.GetValue(cloudInit));
                var (init, run, stopTimeout) = runOptions.Read(parsed);
                var options = new BuildOptions
                {
                    Format = publish ? null : FormatOptions.Resolve(parsed, format, vmdkVariant, vhdVariant, outputPath),
                    Source = parsed.GetValue(source)!,
                    Image = imageOptions.Read(parsed),
                    OutputPath = outputPath,
                    Force = parsed.GetValue(force),
                    DiskSize = ParseSize(parsed.GetValue(size)),
                    Hostname = parsed.GetValue(hostname)!,
                    RootPassword = ReadPassword(parsed.GetValue(passwordFile), parsed.GetValue(password)),
                    Users = users,
                    RootSshKeys = rootSshKeys,
                    Network = network,
                    CloudInitUserData = userData,
                    CloudInitMetaData = metaData,
                    KernelArguments = parsed.GetValue(append),
                    Bootloader = parsed.GetValue(bootloader),
                    EfiLoader = EfiLoaders.Parse(parsed.GetValue(efiLoader)!),
                    PartitionTable = parsed.GetValue(partitionTable),
                    SourceDateEpoch = SourceDateEpoch.FromEnvironment(),
                    LayersAtOnce = parsed.GetValue(jobs),
                    Kernel = parsed.GetValue(kernel),
                    DefaultKernel = Environment.GetEnvironmentVariable("D2L_KERNEL") is { Length: > 0 } defaultKernel ? defaultKernel : null,
                    KernelVersion = parsed.GetValue(kernelVersion),
                    Init = init,
                    Run = run,
                    StopTimeoutSeconds = stopTimeout,
                    Service = parsed.GetValue(service),
                };
                if (publish)
                {
                    if (parsed.GetValue(bootTest))
                    {
                        throw D2lException.BadInput("--boot-test", "boot-test a disk file; a containerDisk is published, not kept");
                    }
                    var published = kubeVirt.Apply(parsed, containerDiskFlags.Read(parsed, outputPath, parsed.GetValue(format), options.Image, options.Force),
                        rootSshKeys, options.Users);
                    var pushed = await ProgressDisplay.RunAsync(
                        progress => new ContainerDiskPipeline().BuildAsync(options, published, progress, cancellationToken)).ConfigureAwait(false);
                    Console.Out.WriteLine(ContainerDiskFlags.Describe(pushed));
                    if (KubeVirtFlags.Describe(pushed) is { } manifestLine)
                    {
                        Console.Out.WriteLine(manifestLine);
                    }
                    return 0;
                }
                if (parsed.GetValue(bootTest) && options.Format == DiskFormat.Ova)
                {
                    throw D2lException.BadInput("--boot-test", "QEMU cannot boot an OVA package; boot-test the disk as .vmdk (or any other format)");
                }
                var result = await ProgressDisplay.RunAsync(
                    progress => new DiskBuilder().BuildAsync(options, progress, cancellationToken)).ConfigureAwait(false);
                Console.Out.WriteLine($"{result.Path}: {ByteSize.Format(result.DiskSize)} disk, root filesystem UUID {result.FilesystemUuid}"
                    + (result.Kernel is null ? ", no boot loader" : $", boots {result.Kernel} (boot code from {result.BootCodeOrigin})"));
                if (result.KernelImage is not null && result.KernelAccess is { } access)
                {
                    Console.Out.WriteLine($"kernel from {result.KernelImage}: {KernelBuses.Describe(access)}");
                }
                if (result.App is { } app)
                {
                    Console.Out.WriteLine($"app init: runs {string.Join(' ', app)}");
                }
                if (verbose)
                {
                    foreach (string note in result.Notes)
                    {
                        Console.Error.WriteLine($"d2l: {note}");
                    }
                }
                return parsed.GetValue(bootTest)
                    ? await BuildBootTest.RunAsync(result.Path, parsed.GetValue(bootTimeout), cancellationToken).ConfigureAwait(false)
                    : 0;
            }
            catch (Exception error)
            {
                return Failure.Report(error, verbose);
            }
        });
        return command;
    }

    private static long? ParseSize(string? text) =>
        text is null || text.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null : ByteSize.Parse(text, "--size");

    private static (string? UserData, string? MetaData) SplitCloudInit(string? value)
    {
        if (value is null)
        {
            return (null, null);
        }
        string[] parts = value.Split(',');
        if (parts.Length > 2 || parts.Any(part => part.Length == 0))
        {
            throw D2lException.BadInput("--cloud-init", $"'{value}' is not USER-DATA or USER-DATA,META-DATA");
        }
        return (parts[0], parts.Length == 2 ? parts[1] : null);
    }

    private static string? ReadPassword(FileInfo? file, string? password)
    {
        if (file is not null && password is not null)
        {
            throw D2lException.BadInput("--root-password", "give either --root-password or --root-password-file, not both");
        }
        if (password is not null)
        {
            Console.Error.WriteLine("d2l: warning: --root-password is visible in the process list; prefer --root-password-file");
            return password;
        }
        return file is null ? null : PasswordFile.ReadFirstLine(file.FullName);
    }
}
