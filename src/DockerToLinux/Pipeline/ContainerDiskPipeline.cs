using DockerToLinux.Disks;
using DockerToLinux.Disks.Sources;
using DockerToLinux.Images;
using DockerToLinux.KubeVirt;
using DockerToLinux.Publish;

namespace DockerToLinux.Pipeline;

/// <summary>
/// KubeVirt containerDisks: <c>d2l build --containerdisk</c> builds the disk into a temporary file and
/// publishes it; <c>d2l push</c> publishes a disk that exists, converting it first (into a temporary file)
/// when it is not already in the chosen format. Either way one temporary file at most, removed at the end.
/// </summary>
public sealed class ContainerDiskPipeline
{
    /// <summary>Builds <paramref name="build"/>'s image into a disk and publishes it as a containerDisk.</summary>
    /// <exception cref="D2lException">Bad input, a failed build, or a destination that refused the image.</exception>
    public async Task<ContainerDiskResult> BuildAsync(BuildOptions build, ContainerDiskOptions options, IProgress<BuildProgress> progress,
        CancellationToken cancellationToken)
    {
        var destination = ContainerDiskDestination.Parse(options.Destination);
        using var manifest = VirtualMachineManifestFile.Prepare(options, destination);
        string disk = TemporaryDisk(options.Raw);
        try
        {
            var built = await new DiskBuilder().BuildAsync(build with
            {
                OutputPath = disk,
                Format = options.Raw ? DiskFormat.Raw : DiskFormat.Qcow2,
                Force = true,
            }, progress, cancellationToken).ConfigureAwait(false);
            // Known once the kernel is, and refused before the push when KubeVirt has no bus the kernel boots from.
            string bus = KubeVirtDiskBus.For(built.KernelAccess?.Buses);
            var result = await PublishAsync(disk, options, destination, built.SourcePlatform ?? Platform.LinuxAmd64, built.SourceDigest,
                DateTimeOffset.UtcNow, progress, cancellationToken).ConfigureAwait(false);
            return manifest is null ? result : await manifest.WriteAsync(result, bus, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(disk);
        }
    }

    /// <summary>
    /// Publishes the disk at <paramref name="diskPath"/> (any format d2l reads) as a containerDisk; the image declares
    /// the platform of the options (<c>--platform</c>), linux/amd64 unless told.
    /// </summary>
    /// <exception cref="D2lException">A missing or unreadable disk, or a destination that refused the image.</exception>
    public async Task<ContainerDiskResult> PushAsync(string diskPath, ContainerDiskOptions options, IProgress<BuildProgress> progress,
        CancellationToken cancellationToken)
    {
        var destination = ContainerDiskDestination.Parse(options.Destination);
        using var manifest = VirtualMachineManifestFile.Prepare(options, destination);
        if (!File.Exists(diskPath))
        {
            throw D2lException.BadInput(diskPath, "no such file");
        }
        // Opening the disk as d2l reads it refuses, in one line, what a cluster could not boot either: a qcow2 with
        // a backing file or encryption, a damaged header, a file with no partition table. A disk already in the
        // wanted format is then sent as it is.
        await using (var source = await DiskSources.OpenAsync(diskPath, cancellationToken).ConfigureAwait(false))
        {
            if (await BootableDiskCheck.ProblemAsync(source, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                throw D2lException.BadInput(diskPath, problem);
            }
        }
        var wanted = options.Raw ? DiskFormat.Raw : DiskFormat.Qcow2;
        // Without SOURCE_DATE_EPOCH the disk's own time is recorded, so pushing the same file again gives the same layer.
        var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(diskPath), TimeSpan.Zero);
        ContainerDiskResult result;
        if (await DiskFormatDetector.DetectAsync(diskPath, cancellationToken).ConfigureAwait(false) == wanted)
        {
            result = await PublishAsync(diskPath, options, destination, options.Registry.EffectivePlatform, null, modified, progress,
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            string converted = TemporaryDisk(options.Raw);
            try
            {
                await new DiskConverter().ConvertAsync(diskPath, converted, wanted, force: true,
                    DiskConverter.Stamp(diskPath, options.SourceDateEpoch), progress, cancellationToken).ConfigureAwait(false);
                result = await PublishAsync(converted, options, destination, options.Registry.EffectivePlatform, null, modified, progress,
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(converted);
            }
        }
        // A disk that exists tells nothing of its kernel's drivers: virtio, which the kernels of cloud and
        // distribution images boot from.
        return manifest is null ? result : await manifest.WriteAsync(result, KubeVirtDiskBus.For(null), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ContainerDiskResult> PublishAsync(string disk, ContainerDiskOptions options, ContainerDiskDestination destination,
        Platform platform, string? sourceDigest, DateTimeOffset unstamped, IProgress<BuildProgress> progress, CancellationToken cancellationToken)
    {
        var created = options.SourceDateEpoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : unstamped;
        var request = new ContainerDiskRequest(disk, options.Raw, options.Compression, destination, platform, sourceDigest, created,
            options.Registry, options.Force, Images.PushedBlobs.DefaultPath());
        var outcome = await ContainerDiskPublisher.PublishAsync(request, progress, cancellationToken).ConfigureAwait(false);
        string digest = outcome.Image.ManifestDigest.ToString();
        return new ContainerDiskResult(destination.Text, digest, outcome.Layer.Size, outcome.Transfer, outcome.BytesSent)
        {
            PinnedImage = destination.PinnedImage(digest),
        };
    }

    // In the temporary folder: a registry destination has no folder of its own to put it beside.
    private static string TemporaryDisk(bool raw) =>
        Path.Combine(Path.GetTempPath(), $"d2l-containerdisk-{Guid.NewGuid():N}.{(raw ? "img" : "qcow2")}");
}
