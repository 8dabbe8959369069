using DockerToLinux.Boot;

namespace DockerToLinux.Pipeline;

/// <summary>What installing the boot loaders produced.</summary>
/// <param name="Bios">The BIOS loader's code for outside the filesystem, or null for a disk without one.</param>
/// <param name="Origin">Where the boot code came from, for the user; null when there is none.</param>
public sealed record InstalledBoot(BiosBootCode? Bios, string? Origin);
