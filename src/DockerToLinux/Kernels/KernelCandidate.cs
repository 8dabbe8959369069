namespace DockerToLinux.Kernels;

/// <summary>One kernel version found in a kernel image, before its files are checked.</summary>
internal sealed record KernelCandidate(
    KernelImageLayout Layout, string Version, string KernelPath, string? InitramfsPath, ModuleTree? Modules, string? ConfigPath);
