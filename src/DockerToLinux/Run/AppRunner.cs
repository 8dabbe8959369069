using System.Diagnostics;
using DockerToLinux.Disks;
using DockerToLinux.Images;
using DockerToLinux.Pipeline;
using DockerToLinux.Qemu;

namespace DockerToLinux.Run;

/// <summary>
/// <c>d2l run</c>: an image runs as a VM in one step. The image's and the kernel image's manifests name the disk
/// (<see cref="RunKey"/>); a disk of that name in the cache boots as it is, else one is built into the cache
/// first. The disk boots on a throwaway snapshot, so a cached disk is never changed by the runs that boot it.
/// </summary>
public sealed class AppRunner
{
    /// <summary>Builds or finds the disk of <paramref name="options"/> and boots it until the app exits.</summary>
    /// <param name="options">The image, the process, the machine.</param>
    /// <param name="appOutput">Where the app's output goes, unchanged (for an image's own init: its console).</param>
    /// <param name="progress">The build's progress, when there is a build.</param>
    /// <param name="stop">Cancelled to stop: before the boot it ends the run at once (nothing is cached); once
    /// the app runs, it asks the app to stop (its stop signal, then SIGKILL after the stop timeout).</param>
    /// <param name="kill">Cancelled to end QEMU at once.</param>
    /// <exception cref="D2lException">The image, the kernel image or the options cannot make a disk that runs.</exception>
    public async Task<AppRunResult> RunAsync(AppRunOptions options, TextWriter appOutput, IProgress<BuildProgress>? progress,
        CancellationToken stop, CancellationToken kill)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var cache = options.Cache;
        cache.Create();
        var build = BuildOptionsFor(options, string.Empty);
        string imageDigest = await DigestAsync(options.Source, options.Image, stop).ConfigureAwait(false);
        string? kernelReference = options.Kernel ?? options.DefaultKernel;
        string? kernelDigest = kernelReference is null ? null : await DigestAsync(kernelReference, options.Image, stop).ConfigureAwait(false);
        string key = RunKey.Compute(RunKey.Version, imageDigest, kernelDigest, build);
        string disk = cache.EntryPath(key);
        var identified = clock.Elapsed;

        bool hit = cache.TryUse(key);
        if (!hit)
        {
            // The builder writes under a temporary name and renames when complete: the entry appears whole or not at all.
            await new DiskBuilder().BuildAsync(build with { OutputPath = disk, Force = true }, progress, stop).ConfigureAwait(false);
            cache.Evict(key);
        }
        if (options.KeepPath is { } keep)
        {
            await new DiskConverter().ConvertAsync(disk, keep, DiskFormatNames.FromExtension(keep), force: false,
                DiskConverter.Stamp(disk, options.SourceDateEpoch), progress, stop).ConfigureAwait(false);
        }
        var built = clock.Elapsed - identified;
        stop.ThrowIfCancellationRequested();

        var boot = new BootOptions(disk, DiskFormat.Qcow2)
            .WithMachine(options.MemoryMiB, options.Cpus)
            .WithAccelerator(options.Accel)
            .WithPortForwards(options.PortForwards)
            .WithTimeout(options.StartTimeout);
        // An image's own init has no app status to wait for: its console is shown until the VM powers off.
        boot = options.ImageInit
            ? boot.WithInteractive(true)
            : boot.WithApp(stop).WithAppInput(options.Input);
        var result = await new QemuBootRunner().RunAsync(boot, appOutput, options.ImageInit ? stop : kill).ConfigureAwait(false);
        return new AppRunResult(disk, hit, identified, built, result);
    }

    /// <summary>The build that <paramref name="options"/> asks for, writing <paramref name="outputPath"/> as qcow2.</summary>
    internal static BuildOptions BuildOptionsFor(AppRunOptions options, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new BuildOptions
        {
            Source = options.Source,
            Image = options.Image,
            OutputPath = outputPath,
            // qcow2 keeps a cached disk at the size of its content, which the cache's bound counts.
            Format = DiskFormat.Qcow2,
            Kernel = options.Kernel,
            DefaultKernel = options.DefaultKernel,
            KernelVersion = options.KernelVersion,
            Init = options.ImageInit ? InitChoice.Image : InitChoice.App,
            Service = options.ImageInit,
            Run = options.Run,
            StopTimeoutSeconds = options.StopTimeoutSeconds,
            AppReadsConsole = options.Input is not null && !options.ImageInit,
            SourceDateEpoch = options.SourceDateEpoch,
        };
    }

    private static async Task<string> DigestAsync(string reference, ImageSourceOptions imageOptions, CancellationToken cancellationToken)
    {
        await using var source = ImageSource.Parse(reference, imageOptions);
        var image = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        return image.Digest.ToString();
    }
}
