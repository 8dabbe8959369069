using DockerToLinux.Kernels;

namespace DockerToLinux.Inspect;

/// <summary>What a kernel image gives the inspected image (<c>d2l inspect IMAGE --kernel K</c>).</summary>
/// <param name="KernelImage">The kernel image as the user named it.</param>
/// <param name="Version">The kernel release chosen, or null when none could be.</param>
/// <param name="Layout">The layout the kernel was found in, or null.</param>
/// <param name="KernelPath">Where the kernel would go in the disk, or null.</param>
/// <param name="InitrdPath">Where its initramfs would go, or null when it has none.</param>
/// <param name="ModulesPath">Where its modules would go (the image's real module folder), or null.</param>
/// <param name="Access">How it would reach the root and from which buses, or null when it cannot.</param>
/// <param name="Problem">Why the pair cannot boot, or null.</param>
public sealed record KernelPairing(
    string KernelImage,
    string? Version,
    KernelImageLayout? Layout,
    string? KernelPath,
    string? InitrdPath,
    string? ModulesPath,
    RootAccess? Access,
    string? Problem);
