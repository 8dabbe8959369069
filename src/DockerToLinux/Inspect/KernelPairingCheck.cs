using DockerToLinux.Images;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;

namespace DockerToLinux.Inspect;

/// <summary>
/// Judges an image together with a kernel image as a build with <c>--kernel</c> would: which kernel it takes,
/// where its files would go, whether they clash with the image's, and how it reaches the root.
/// </summary>
internal static class KernelPairingCheck
{
    /// <summary>Reads the kernel image and judges the pair; a kernel image that cannot be read at all is an error.</summary>
    /// <exception cref="D2lException">The kernel image cannot be opened.</exception>
    public static async Task<KernelPairing> JudgeAsync(FileTree tree, string imageName, string kernelReference, string? version,
        ImageSourceOptions options, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        await using var source = await KernelImageSource.OpenAsync(kernelReference, options, cancellationToken).ConfigureAwait(false);
        LoadedKernelImage? loaded = null;
        try
        {
            loaded = await source.LoadAsync(version, Path.GetTempPath(), progress, cancellationToken).ConfigureAwait(false);
            var kernel = loaded.Kernel;
            var plan = await KernelInstallPlanner.PlanAsync(tree, loaded.Tree, loaded.Store, kernel, imageName, loaded.Name, cancellationToken)
                .ConfigureAwait(false);
            var access = await RootAccessDecision.DecideAsync(loaded, cancellationToken).ConfigureAwait(false);
            return new KernelPairing(source.Name, kernel.Version, kernel.Layout, plan.KernelPath, plan.InitramfsPath, plan.ModulesPath, access, null);
        }
        catch (D2lException refusal) when (refusal.Kind == FailureKind.BadInput)
        {
            return new KernelPairing(source.Name, loaded?.Kernel.Version, loaded?.Kernel.Layout, null, null, null, null, refusal.Message);
        }
    }
}
