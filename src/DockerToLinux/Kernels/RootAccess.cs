namespace DockerToLinux.Kernels;

/// <summary>How a kernel reaches the disk's root file system.</summary>
/// <param name="Naming">How the command line names the root.</param>
/// <param name="Buses">
/// The disk buses the kernel can boot from on its own drivers, in <see cref="DiskBus"/> order; null when an
/// initramfs loads the drivers, which for a generic initramfs (Debian's <c>MODULES=most</c>) is every bus.
/// </param>
public sealed record RootAccess(RootNaming Naming, IReadOnlyList<DiskBus>? Buses);
