using DockerToLinux.Qemu;

namespace DockerToLinux.Run;

/// <summary>How a run went and where its time went.</summary>
/// <param name="Disk">The cached disk that booted.</param>
/// <param name="CacheHit">Whether the disk was in the cache (no build).</param>
/// <param name="Identified">Time to read the image's and the kernel image's manifests, which name the disk.</param>
/// <param name="Built">Time to build the disk (zero on a cache hit), and to write <see cref="AppRunOptions.KeepPath"/>.</param>
/// <param name="Boot">The boot: stage times, the app's status, or why the VM failed.</param>
public sealed record AppRunResult(string Disk, bool CacheHit, TimeSpan Identified, TimeSpan Built, BootResult Boot);
