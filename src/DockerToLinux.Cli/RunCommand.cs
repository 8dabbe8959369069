using System.CommandLine;
using DockerToLinux.AppInit;
using DockerToLinux.Pipeline;
using DockerToLinux.Qemu;
using DockerToLinux.Run;

namespace DockerToLinux.Cli;

/// <summary>
/// <c>d2l run SOURCE [-- ARGS…]</c>: the image's process runs in a VM, as <c>docker run</c> runs it in a
/// container; the disk is built once and cached (see <see cref="AppRunner"/>).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var source = new Argument<string?>("source") { Description = ImageOptions.SourceHelp, Arity = ArgumentArity.ZeroOrOne };
        var kernel = new Option<string?>("--kernel")
        {
            Description = "A kernel image whose kernel boots the app (default: D2L_KERNEL, else the image's own kernel)",
        };
        var kernelVersion = new Option<string?>("--kernel-version") { Description = "Which kernel of the kernel image to take (default: the newest)" };
        var memory = new Option<int>("--memory") { Description = "Guest memory in MiB", DefaultValueFactory = _ => 1024 };
        var cpus = new Option<int>("--cpus") { Description = "Guest CPUs", DefaultValueFactory = _ => 1 };
        var accel = new Option<Accelerator>("--accel") { Description = "auto, kvm or tcg", DefaultValueFactory = _ => Accelerator.Auto };
        var publish = new Option<string[]>("--publish", "-p")
        {
            Description = "Forward a host port to a guest port, [IP:]HOST:GUEST[/tcp|udp] as with docker run -p (repeatable)",
        };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Give the app this process's stdin (else /dev/null)" };
        var keep = new Option<string?>("--keep") { Description = "Also write the disk to this file (its format from the extension)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the app may take to start", DefaultValueFactory = _ => 300 };
        var clearCache = new Option<bool>("--clear-cache") { Description = "Remove every disk d2l run has cached, and run nothing" };
        var cacheLimit = new Option<string>("--cache-limit")
        {
            Description = "The most the cached disks may take together; the least recently used go first",
            DefaultValueFactory = _ => "10G",
        };
        var command = new Command("run", "Run an image's process in a VM, as docker run does: its output, its exit status")
        {
            source, kernel, kernelVersion, memory, cpus, accel, publish, interactive, keep, timeout, clearCache, cacheLimit,
        };
        var imageOptions = new ImageOptions();
        imageOptions.AddTo(command);
        var runOptions = new RunOptions();
        runOptions.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            bool verbose = parsed.GetValue(Program.Verbose);
            try
            {
                var cache = new RunCache(RunCache.DefaultFolder(Environment.GetEnvironmentVariable),
                    ByteSize.Parse(parsed.GetValue(cacheLimit)!, "--cache-limit"));
                if (parsed.GetValue(clearCache))
                {
                    long freed = cache.Clear();
                    Console.Error.WriteLine($"d2l: removed {ByteSize.Format(freed)} of cached disks from {cache.Folder}");
                    return ExitCode.Success;
                }
                var (init, run, stopTimeout) = runOptions.Read(parsed);
                var options = new AppRunOptions
                {
                    Source = parsed.GetValue(source) ?? throw D2lException.BadInput("d2l run", "name the image to run"),
                    Image = imageOptions.Read(parsed),
                    Kernel = parsed.GetValue(kernel),
                    DefaultKernel = Environment.GetEnvironmentVariable("D2L_KERNEL") is { Length: > 0 } defaultKernel ? defaultKernel : null,
                    KernelVersion = parsed.GetValue(kernelVersion),
                    ImageInit = init == InitChoice.Image,
                    Run = run,
                    StopTimeoutSeconds = stopTimeout,
                    SourceDateEpoch = SourceDateEpoch.FromEnvironment(),
                    Input = parsed.GetValue(interactive) ? Console.OpenStandardInput() : null,
                    MemoryMiB = Positive(parsed.GetValue(memory), "--memory"),
                    Cpus = Positive(parsed.GetValue(cpus), "--cpus"),
                    Accel = parsed.GetValue(accel),
                    PortForwards = [.. (parsed.GetValue(publish) ?? []).Select(PortForward.Parse)],
                    StartTimeout = TimeSpan.FromSeconds(Positive(parsed.GetValue(timeout), "--timeout")),
                    KeepPath = parsed.GetValue(keep),
                    Cache = cache,
                };
                // The first Ctrl-C stops a build, or asks the app to stop; a second one ends QEMU at once.
                var kill = Interruption.Current?.TakeSecondSignal() ?? CancellationToken.None;
                var result = await new AppRunner().RunAsync(options, Console.Out, verbose ? RunReport.Progress(Console.Error) : null,
                    cancellationToken, kill).ConfigureAwait(false);
                int? status = options.ImageInit ? (result.Boot.Succeeded ? ExitCode.Success : null) : result.Boot.AppExitCode;
                if (verbose || status is null)
                {
                    RunReport.Write(Console.Error, result);
                }
                return status ?? ExitCode.AppVmFailed;
            }
            catch (Exception error)
            {
                int code = Failure.Report(error, verbose);
                return error switch
                {
                    ProgramNotFoundException => ExitCode.AppNotFound,
                    _ when code == ExitCode.Interrupted => code,
                    _ => ExitCode.AppVmFailed,
                };
            }
        });
        return command;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw D2lException.BadInput(option, $"{value} is not a positive number");
}
