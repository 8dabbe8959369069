using System.CommandLine;
using DockerToLinux.Disks;
using DockerToLinux.Pipeline;

namespace DockerToLinux.Cli;

/// <summary><c>d2l convert IN OUT</c>: a disk image from one container format to another.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The disk to read: raw, vdi, qcow2, vmdk, vhd or vhdx (recognised by content)" };
        var output = new Argument<string>("output") { Description = "The disk to write; its extension picks the format unless --format is given" };
        var force = new Option<bool>("--force", "-f") { Description = "Replace the output file if it exists" };
        var (format, vmdkVariant, vhdVariant) = FormatOptions.Create();
        var command = new Command("convert", "Convert a disk image between raw, VDI, qcow2, VMDK, VHD, VHDX and OVA")
        {
            input, output, force, format, vmdkVariant, vhdVariant,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                string outputPath = parsed.GetValue(output)!;
                string inputPath = parsed.GetValue(input)!;
                var chosen = FormatOptions.Resolve(parsed, format, vmdkVariant, vhdVariant, outputPath);
                var stamp = DiskConverter.Stamp(inputPath, SourceDateEpoch.FromEnvironment());
                var result = await ProgressDisplay.RunAsync(progress => new DiskConverter().ConvertAsync(
                    inputPath, outputPath, chosen, parsed.GetValue(force), stamp, progress, cancellationToken)).ConfigureAwait(false);
                Console.Out.WriteLine($"{result.Path}: {result.Format} disk of {ByteSize.Format(result.Size)}, from a {result.InputDescription} image");
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
