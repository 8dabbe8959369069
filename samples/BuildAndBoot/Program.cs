using DockerToLinux;
using DockerToLinux.Disks;
using DockerToLinux.Pipeline;
using DockerToLinux.Qemu;

// Builds a disk from a container image, boots it in QEMU, logs in as root and runs one command.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: BuildAndBoot IMAGE DISK   (for example oci-archive:debian.tar debian.qcow2)");
    return 2;
}
try
{
    string? lastStep = null;
    var progress = new Progress<BuildProgress>(step =>
    {
        if (step.Message != lastStep)   // byte counts repeat a step's message; show each step once
        {
            Console.Error.WriteLine($"{step.Stage}: {lastStep = step.Message}");
        }
    });
    var disk = await new DiskBuilder().BuildAsync(new BuildOptions
    {
        Source = args[0],
        OutputPath = args[1],                             // the format follows the extension: .img, .vdi, .qcow2…
        DiskSize = ByteSize.Parse("4G", "disk size"),     // null: the content plus room
        Hostname = "demo",
        RootPassword = "d2l",
        Bootloader = Bootloader.Extlinux,
        SourceDateEpoch = SourceDateEpoch.FromEnvironment(),
        Force = true,
    }, progress, CancellationToken.None);
    Console.WriteLine($"{disk.Path}: {ByteSize.Format(disk.DiskSize)}, boots {disk.Kernel}");

    var format = await DiskFormatDetector.DetectAsync(disk.Path, CancellationToken.None);
    var options = new BootOptions(disk.Path, format)
        .WithTimeout(TimeSpan.FromMinutes(5))
        .WithCommand("root", "d2l", "uname -r");
    var boot = await new QemuBootRunner().RunAsync(options, TextWriter.Null, CancellationToken.None);
    if (!boot.Succeeded)
    {
        Console.WriteLine($"no login prompt: {boot.Diagnosis?.Summary ?? boot.Failure}");
        return 1;
    }
    Console.WriteLine($"booted in {boot.Elapsed.TotalSeconds:F0} s under {boot.AcceleratorUsed}; uname -r: {boot.Command?.Output.Trim()}");
    return 0;
}
catch (D2lException error) when (error.Kind == FailureKind.BadInput)
{
    Console.Error.WriteLine(error.Message);   // one line that names the input or the setting at fault
    return 2;
}
