namespace DockerToLinux.Kernels;

/// <summary>The kernel and initramfs a boot loader starts, as absolute paths inside the root filesystem.</summary>
/// <param name="KernelPath">The kernel image, such as <c>/boot/vmlinuz-6.1.0-28-amd64</c>.</param>
/// <param name="InitrdPath">Its initramfs, or null if the image has none for that kernel.</param>
public sealed record BootKernel(string KernelPath, string? InitrdPath);
