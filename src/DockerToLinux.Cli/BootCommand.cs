using System.CommandLine;
using DockerToLinux.Disks;
using DockerToLinux.Qemu;

namespace DockerToLinux.Cli;

/// <summary>
/// <c>d2l boot IMAGE</c>: boots a disk in QEMU on a throwaway snapshot, waits for a login prompt, times
/// the boot stages, diagnoses failures, and can log in and run one command as <c>ssh</c> does.
/// </summary>
internal static class BootCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "The disk image to boot, in any format d2l writes (never modified)" };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the prompt before failing (and again for --run)",
            DefaultValueFactory = _ => 300,
        };
        var memory = new Option<int>("--memory") { Description = "Guest memory in MiB", DefaultValueFactory = _ => 1024 };
        var cpus = new Option<int>("--cpus") { Description = "Guest CPUs", DefaultValueFactory = _ => 1 };
        var accel = new Option<Accelerator>("--accel")
        {
            Description = "auto (KVM if it works here, else TCG), kvm or tcg",
            DefaultValueFactory = _ => Accelerator.Auto,
        };
        var log = new Option<string?>("--log") { Description = "Also write the whole serial console to this file" };
        var expect = new Option<string>("--expect")
        {
            Description = "Regular expression that means success (default: a login prompt)",
            DefaultValueFactory = _ => BootOptions.LoginPrompt,
        };
        var format = new Option<string?>("--format") { Description = "The disk's format, by d2l's or QEMU's name (default: detected from the file)" };
        var login = new Option<string?>("--login") { Description = "USER:PASSWORD to log in with on the serial console, for --run" };
        var run = new Option<string?>("--run")
        {
            Description = "After booting, log in and run this command; print its output and exit with its status",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the console (CI)" };
        var interactive = new Option<bool>("--interactive")
        {
            Description = "Attach the console to this terminal; ends when the guest powers off or on Ctrl-C",
        };
        var printCommand = new Option<bool>("--print-command")
        {
            Description = "Print the QEMU command line (as qemu/boot-bios.sh runs it) instead of booting",
        };
        var firmware = new Option<Firmware>("--firmware")
        {
            Description = "bios (SeaBIOS) or uefi (OVMF from Debian's ovmf package, with a fresh copy of its variables)",
            DefaultValueFactory = _ => Firmware.Bios,
        };
        var diskBus = new Option<DiskBus>("--disk-bus")
        {
            Description = "virtio, ide, ahci (as VirtualBox attaches disks) or nvme (as clouds do)",
            DefaultValueFactory = _ => DiskBus.Virtio,
        };
        var publish = new Option<string[]>("--publish", "-p")
        {
            Description = "Forward a host port to a guest port, [IP:]HOST:GUEST[/tcp|udp] as with docker run -p (repeatable)",
        };
        var app = new Option<bool>("--app")
        {
            Description = "The disk runs an app (d2l build's app init): print the app's output, exit with its status (125 when the VM "
                + "fails first); Ctrl-C asks the app to stop, a second Ctrl-C ends the VM",
        };
        var command = new Command("boot", "Boot a disk image in QEMU, wait for a login prompt on the serial console, and time it")
        {
            image, timeout, memory, cpus, accel, log, expect, format, login, run, json, interactive, printCommand, firmware, diskBus, publish, app,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var disk = parsed.GetValue(image)!;
                if (!disk.Exists)
                {
                    throw D2lException.BadInput(disk.FullName, "no such disk image");
                }
                var diskFormat = parsed.GetValue(format) is { } name
                    ? DiskFormatNames.ForBoot(name)
                    : await DiskFormatDetector.DetectAsync(disk.FullName, cancellationToken).ConfigureAwait(false);
                var options = new BootOptions(disk.FullName, diskFormat)
                    .WithTimeout(TimeSpan.FromSeconds(Positive(parsed.GetValue(timeout), "--timeout")))
                    .WithMachine(Positive(parsed.GetValue(memory), "--memory"), Positive(parsed.GetValue(cpus), "--cpus"))
                    .WithAccelerator(parsed.GetValue(accel))
                    .WithLog(parsed.GetValue(log))
                    .WithExpectPattern(parsed.GetValue(expect)!)
                    .WithInteractive(parsed.GetValue(interactive))
                    .WithFirmware(parsed.GetValue(firmware))
                    .WithDiskBus(parsed.GetValue(diskBus))
                    .WithPortForwards([.. (parsed.GetValue(publish) ?? []).Select(PortForward.Parse)]);
                options = WithCommand(options, parsed.GetValue(login), parsed.GetValue(run));
                bool appVm = parsed.GetValue(app);
                if (appVm && (options.Interactive || options.Command is not null))
                {
                    throw D2lException.BadInput("--app", "cannot be combined with --interactive or --run");
                }
                // For an app VM the first Ctrl-C is the app's stop request; only a second one ends QEMU.
                var runToken = cancellationToken;
                if (appVm)
                {
                    options = options.WithApp(cancellationToken);
                    runToken = Interruption.Current?.TakeSecondSignal() ?? CancellationToken.None;
                }
                if (parsed.GetValue(printCommand))
                {
                    Console.Out.WriteLine(QemuBootRunner.DescribeCommandLine(options, FirmwareLogForPeople));
                    return 0;
                }
                bool asJson = parsed.GetValue(json);
                if (options.Interactive && (asJson || options.Command is not null))
                {
                    throw D2lException.BadInput("--interactive", "cannot be combined with --json or --run");
                }
                // With --run stdout is the command's, as with ssh; with --json it is the report's.
                var console = asJson || options.Command is not null ? TextWriter.Null : Console.Out;
                var result = await new QemuBootRunner().RunAsync(options, console, runToken).ConfigureAwait(false);
                if (console == Console.Out && !appVm)
                {
                    Console.Out.WriteLine();
                }
                if (asJson)
                {
                    Console.Out.WriteLine(BootReport.ToJson(disk.FullName, diskFormat, result));
                }
                else
                {
                    BootReport.WriteText(Console.Error, disk.Name, result);
                    if (result.Command is { } outcome)
                    {
                        Console.Out.Write(outcome.Output);
                    }
                }
                if (appVm)
                {
                    return result.AppExitCode ?? ExitCode.AppVmFailed;
                }
                return result.Command?.ExitCode ?? (result.Succeeded ? ExitCode.Success : ExitCode.CheckFailed);
            }
            catch (Exception error)
            {
                return Failure.Report(error, parsed.GetValue(Program.Verbose));
            }
        });
        return command;
    }

    /// <summary>Where <c>qemu/boot-bios.sh</c> sends SeaBIOS's debug port by default.</summary>
    private const string FirmwareLogForPeople = "/tmp/d2l-seabios.log";

    private static BootOptions WithCommand(BootOptions options, string? login, string? run)
    {
        if (run is null)
        {
            return login is null ? options : throw D2lException.BadInput("--login", "only makes sense with --run");
        }
        if (login is null || login.IndexOf(':', StringComparison.Ordinal) is not (> 0 and var colon))
        {
            throw D2lException.BadInput("--run", "needs --login USER:PASSWORD");
        }
        return options.WithCommand(login[..colon], login[(colon + 1)..], run);
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw D2lException.BadInput(option, $"{value} is not a positive number");
}
