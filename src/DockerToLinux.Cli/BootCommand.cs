using System.CommandLine;
using DockerToLinux.Qemu;

namespace DockerToLinux.Cli;

/// <summary><c>d2l boot IMAGE</c>: boots a disk in QEMU on a throwaway snapshot and waits for a login prompt.</summary>
internal static class BootCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "The disk image to boot (never modified)" };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the prompt before failing",
            DefaultValueFactory = _ => 300,
        };
        var memory = new Option<int>("--memory") { Description = "Guest memory in MiB", DefaultValueFactory = _ => 1024 };
        var cpus = new Option<int>("--cpus") { Description = "Guest CPUs", DefaultValueFactory = _ => 1 };
        var accel = new Option<Accelerator>("--accel")
        {
            Description = "auto (KVM if it works here, else TCG), kvm or tcg",
            DefaultValueFactory = _ => Accelerator.Auto,
        };
        var log = new Option<string?>("--log") { Description = "Also write the serial console to this file" };
        var expect = new Option<string>("--expect")
        {
            Description = "Regular expression that means success (default: a login prompt)",
            DefaultValueFactory = _ => BootOptions.LoginPrompt,
        };
        var firmware = new Option<Firmware>("--firmware")
        {
            Description = "bios (SeaBIOS) or uefi (OVMF from Debian's ovmf package, with a fresh copy of its variables)",
            DefaultValueFactory = _ => Firmware.Bios,
        };
        var command = new Command("boot", "Boot a disk image in QEMU and wait for a login prompt on the serial console")
        {
            image, timeout, memory, cpus, accel, log, expect, firmware,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var disk = parsed.GetValue(image)!;
                var options = new BootOptions(disk.FullName)
                    .WithTimeout(TimeSpan.FromSeconds(Positive(parsed.GetValue(timeout), "--timeout")))
                    .WithMachine(Positive(parsed.GetValue(memory), "--memory"), Positive(parsed.GetValue(cpus), "--cpus"))
                    .WithAccelerator(parsed.GetValue(accel))
                    .WithLog(parsed.GetValue(log))
                    .WithExpectPattern(parsed.GetValue(expect)!)
                    .WithFirmware(parsed.GetValue(firmware));
                var result = await new QemuBootRunner().RunAsync(options, Console.Out, cancellationToken).ConfigureAwait(false);
                Console.Out.WriteLine();
                if (result.Succeeded)
                {
                    Console.Error.WriteLine($"d2l: {disk.Name} booted in {result.Elapsed.TotalSeconds:0.0} s ({result.AcceleratorUsed})");
                    return 0;
                }
                Console.Error.WriteLine($"d2l: {disk.Name} did not boot: {result.Failure} ({result.AcceleratorUsed}, {result.Elapsed.TotalSeconds:0.0} s)");
                return (int)FailureKind.CheckFailed;
            }
            catch (Exception error)
            {
                return Failure.Report(error, parsed.GetValue(Program.Verbose));
            }
        });
        return command;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw D2lException.BadInput(option, $"{value} is not a positive number");
}
