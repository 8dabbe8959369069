using DockerToLinux.Kernels;

namespace DockerToLinux.Cli;

/// <summary>How a kernel image's kernel reaches the root, in words, for <c>build</c> and <c>inspect</c>.</summary>
internal static class KernelBuses
{
    public static string Describe(RootAccess access) => access.Buses is { } buses
        ? $"no initramfs, root=PARTUUID=; boots from {string.Join(", ", buses.Select(bus => bus.ToString().ToLowerInvariant()))} disks "
            + "(its built-in drivers)"
        : "initramfs, root=UUID=; boots from any disk bus its initramfs has drivers for";
}
