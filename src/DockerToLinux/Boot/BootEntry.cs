using DockerToLinux.Kernels;
namespace DockerToLinux.Boot;

/// <summary>What every boot loader is told to start.</summary>
/// <param name="Kernel">The kernel and initramfs, as paths in the root filesystem.</param>
/// <param name="CommandLine">The kernel command line (see <see cref="KernelCommandLine"/>).</param>
/// <param name="FilesystemUuid">The root filesystem's UUID, by which GRUB finds it.</param>
/// <param name="Title">The menu entry's title.</param>
public sealed record BootEntry(BootKernel Kernel, string CommandLine, Guid FilesystemUuid, string Title);
