using System.IO.Compression;
using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// The initramfs d2l writes for an app VM in place of the kernel image's generic one: the kernel image's static
/// busybox, the modules that reach the root (each disk bus's driver chain, ext4 and what it needs) and the first
/// network interface's (virtio_net, e1000), all resolved through <c>modules.dep</c> and left out when built in,
/// and <see cref="AppInitramfsScript"/> as <c>/init</c>. About 3 MiB compressed against the generic one's 35 MiB,
/// with no udev: the BIOS reads, and the kernel unpacks, a tenth of the bytes.
/// </summary>
/// <remarks>
/// Gzip, because under TCG the kernel inflates faster than the boot loader reads through the BIOS the bytes it saves.
/// </remarks>
internal static class AppInitramfs
{
    // ext4 checksums its metadata with crc32c, which it asks the crypto API for at mount: a soft dependency
    // (modules.softdep), which modules.dep does not list.
    private static readonly string[] FilesystemDrivers = ["crc32c_generic", "ext4"];

    // The network interfaces d2l boot (virtio-net) and a default QEMU (e1000) give the guest.
    private static readonly string[] NetworkDrivers = ["virtio_net", "e1000"];

    private const int ExecutableMode = 0b111_101_101, FileMode = 0b110_100_100, ConsoleMode = 0b110_000_000;
    private const int ConsoleMajor = 5, ConsoleMinor = 1;
    private const int MaxDependencyListBytes = 16 << 20;

    /// <summary>
    /// Whether d2l can write the initramfs for <paramref name="image"/>'s kernel: it needs the kernel image's
    /// static busybox and a module folder whose modules busybox's <c>insmod</c> loads (not compressed).
    /// </summary>
    public static async Task<ModuleDependencies?> DependenciesAsync(LoadedKernelImage image, CancellationToken cancellationToken)
    {
        if (image.Kernel is not { BusyboxPath: not null, Modules: { Kind: ModuleTreeKind.Directory } modules })
        {
            return null;
        }
        string list = $"{modules.SourcePath}/modules.dep";
        if (!TreePaths.IsNonEmptyFile(image.Tree, list))
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(await ContentPrefix.ReadAsync(image.Tree, image.Store, list, MaxDependencyListBytes, cancellationToken)
            .ConfigureAwait(false));
        var dependencies = ModuleDependencies.Parse(text);
        return Plan(dependencies).All.All(file => file.EndsWith(".ko", StringComparison.Ordinal)) ? dependencies : null;
    }

    /// <summary>Writes the gzip-compressed archive for <paramref name="image"/> to <paramref name="output"/>.</summary>
    /// <param name="image">The kernel image (see <see cref="DependenciesAsync"/>).</param>
    /// <param name="dependencies">Its modules.dep.</param>
    /// <param name="output">Where the archive goes; left open.</param>
    /// <param name="time">The time of every entry.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    public static async Task WriteAsync(LoadedKernelImage image, ModuleDependencies dependencies, Stream output, FsTimestamp time,
        CancellationToken cancellationToken)
    {
        var plan = Plan(dependencies);
        await using var compressed = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        var archive = new NewcArchiveWriter(compressed, time);
        var folders = new SortedSet<string>(StringComparer.Ordinal) { "/bin", "/dev", "/proc", "/sys", "/root", AppInitramfsScript.ModuleFolder };
        foreach (string file in plan.All)
        {
            for (string folder = ParentOf($"{AppInitramfsScript.ModuleFolder}/{file}"); folder.Length > 1; folder = ParentOf(folder))
            {
                folders.Add(folder);
            }
        }
        foreach (string folder in folders.Append("/lib").Distinct().Order(StringComparer.Ordinal))
        {
            await archive.AddDirectoryAsync(folder, ExecutableMode, cancellationToken).ConfigureAwait(false);
        }
        await archive.AddCharacterDeviceAsync("/dev/console", ConsoleMode, ConsoleMajor, ConsoleMinor, cancellationToken).ConfigureAwait(false);
        await AddFromImageAsync(archive, image, image.Kernel.BusyboxPath!, AppInitramfsScript.Busybox, ExecutableMode, cancellationToken)
            .ConfigureAwait(false);
        foreach (string file in plan.All)
        {
            await AddFromImageAsync(archive, image, $"{image.Kernel.Modules!.SourcePath}/{file}", $"{AppInitramfsScript.ModuleFolder}/{file}",
                FileMode, cancellationToken).ConfigureAwait(false);
        }
        string script = AppInitramfsScript.For(plan.Filesystem, plan.Buses, plan.Network);
        await archive.AddFileAsync("/init", ExecutableMode, Encoding.UTF8.GetBytes(script), cancellationToken).ConfigureAwait(false);
        await archive.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ModulePlan Plan(ModuleDependencies dependencies)
    {
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var filesystem = dependencies.LoadOrder(FilesystemDrivers, loaded);
        var buses = RootAccessDecision.BusDrivers.Select(bus => dependencies.LoadOrder(bus.Drivers, loaded)).ToList();
        var network = dependencies.LoadOrder(NetworkDrivers, loaded);
        return new ModulePlan(filesystem, buses, network);
    }

    private static async Task AddFromImageAsync(NewcArchiveWriter archive, LoadedKernelImage image, string source, string target, int mode,
        CancellationToken cancellationToken)
    {
        var content = image.Tree.Resolve(source) is { Kind: NodeKind.RegularFile, Content: { } bytes } ? bytes
            : throw D2lException.BadInput(image.Name, $"lists {source}, which is not a file");
        await using var stream = image.Store.OpenRead(content);
        await archive.AddFileAsync(target, mode, stream, content.Length, cancellationToken).ConfigureAwait(false);
    }

    private static string ParentOf(string path) => path[..path.LastIndexOf('/')] is { Length: > 0 } parent ? parent : "/";

    private sealed record ModulePlan(IReadOnlyList<string> Filesystem, IReadOnlyList<IReadOnlyList<string>> Buses, IReadOnlyList<string> Network)
    {
        public IEnumerable<string> All => Filesystem.Concat(Buses.SelectMany(bus => bus)).Concat(Network);
    }
}
