using DockerToLinux.KubeVirt;
using DockerToLinux.Publish;

namespace DockerToLinux.Pipeline;

/// <summary>
/// The KubeVirt VirtualMachine manifest beside a containerDisk push: its settings and file are checked before
/// anything is built or sent, and it is written, under a temporary name and renamed, only once the push is complete.
/// </summary>
internal sealed class VirtualMachineManifestFile : IDisposable
{
    private readonly OutputFile _file;
    private readonly VirtualMachineSettings _settings;

    private VirtualMachineManifestFile(OutputFile file, VirtualMachineSettings settings)
    {
        _file = file;
        _settings = settings;
    }

    /// <summary>The manifest file for <paramref name="options"/>, or null when none was asked for.</summary>
    /// <exception cref="D2lException">
    /// A local destination (a cluster pulls from a registry), a bad name, memory or CPU count, or a file that exists
    /// (without Force) or cannot be written.
    /// </exception>
    public static VirtualMachineManifestFile? Prepare(ContainerDiskOptions options, ContainerDiskDestination destination)
    {
        if (options.ManifestPath is not { } path)
        {
            return null;
        }
        if (destination.Kind != ContainerDiskDestinationKind.Registry)
        {
            throw D2lException.BadSetting(Setting.KubeVirtManifest,
                $"a VirtualMachine boots an image its cluster pulls from a registry; {destination.Text} is a local file, so push to docker://HOST/REPO[:TAG]");
        }
        options.VirtualMachine.Check();
        return new VirtualMachineManifestFile(OutputFile.Prepare(path, options.Force), options.VirtualMachine);
    }

    /// <summary>Writes the manifest for the pushed image and returns <paramref name="result"/> naming it.</summary>
    /// <param name="result">The push, with its pinned image.</param>
    /// <param name="bus">KubeVirt's disk bus, from <see cref="KubeVirtDiskBus"/>.</param>
    /// <param name="cancellationToken">Stops the write; the manifest is then not there.</param>
    public async Task<ContainerDiskResult> WriteAsync(ContainerDiskResult result, string bus, CancellationToken cancellationToken)
    {
        // Prepare let only registry destinations through, and every registry push has its pinned image.
        string yaml = VirtualMachineManifest.Render(_settings, result.PinnedImage!, bus);
        await File.WriteAllTextAsync(_file.TemporaryPath, yaml, cancellationToken).ConfigureAwait(false);
        _file.Commit();
        return result with { ManifestPath = _file.TargetPath };
    }

    /// <summary>Removes the temporary file of a manifest that was not written.</summary>
    public void Dispose() => _file.Dispose();
}
