using System.Text;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// Installs GRUB for BIOS without grub-install: grub.cfg and the i386-pc modules into <c>/boot/grub</c>, and a
/// core.img that embeds what reading grub.cfg from ext4 and booting Linux need, with the prefix pointing
/// at the root partition of the boot drive.
/// </summary>
public static class GrubInstaller
{
    /// <summary>The directory GRUB's prefix names.</summary>
    public const string Directory = "/boot/grub";

    /// <summary>Modules embedded in core.img: disk, both partition tables, ext4, and the commands grub.cfg uses.</summary>
    public static readonly IReadOnlyList<string> EmbeddedModules =
    [
        "biosdisk", "part_msdos", "part_gpt", "ext2", "normal", "configfile", "search", "search_fs_uuid",
        "serial", "terminal", "linux", "boot", "echo", "test",
    ];

    private const int ConfigMode = 0b110_100_100;

    /// <summary>Writes grub.cfg and the modules, and assembles core.img.</summary>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">The filesystem writer's store.</param>
    /// <param name="files">GRUB's i386-pc files.</param>
    /// <param name="kernel">What to boot.</param>
    /// <param name="commandLine">The kernel command line.</param>
    /// <param name="filesystemUuid">The root filesystem's UUID.</param>
    /// <param name="partitionName">GRUB's name of the root partition: <c>msdos1</c>, <c>gpt2</c>…</param>
    /// <param name="coreLba">The disk sector core.img will start at.</param>
    /// <param name="title">The menu entry's title.</param>
    /// <param name="time">The new files' modification time.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <returns>core.img, ready to write at <paramref name="coreLba"/>.</returns>
    public static async Task<byte[]> InstallAsync(FileTree tree, IFileContentStore store, GrubPcFiles files, BootKernel kernel,
        string commandLine, Guid filesystemUuid, string partitionName, long coreLba, string title, FsTimestamp time,
        CancellationToken cancellationToken)
    {
        string directory = await WriteFilesAsync(tree, store, "i386-pc", files.Modules, files.Lists, kernel, commandLine, filesystemUuid,
            title, time, cancellationToken).ConfigureAwait(false);
        // An empty device before the comma means "the drive GRUB was loaded from".
        return GrubCoreImage.Build(files, EmbeddedModules, $"(,{partitionName}){directory}", coreLba);
    }

    /// <summary>
    /// Writes one platform's modules and lists to <c>/boot/grub/PLATFORM/</c>, from where GRUB loads what it did
    /// not embed, and <c>/boot/grub/grub.cfg</c> (the same for every platform).
    /// </summary>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">The filesystem writer's store.</param>
    /// <param name="platform">GRUB's platform directory name: <c>i386-pc</c>, <c>x86_64-efi</c>.</param>
    /// <param name="modules">Every <c>*.mod</c> by name without extension.</param>
    /// <param name="lists">Every <c>*.lst</c> by file name.</param>
    /// <param name="kernel">What to boot.</param>
    /// <param name="commandLine">The kernel command line.</param>
    /// <param name="filesystemUuid">The root filesystem's UUID.</param>
    /// <param name="title">The menu entry's title.</param>
    /// <param name="time">The new files' modification time.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <returns>GRUB's directory as GRUB reads it: <c>/boot/grub</c> with symlinks in the tree resolved.</returns>
    public static async Task<string> WriteFilesAsync(FileTree tree, IFileContentStore store, string platform,
        IReadOnlyDictionary<string, byte[]> modules, IReadOnlyDictionary<string, byte[]> lists, BootKernel kernel, string commandLine,
        Guid filesystemUuid, string title, FsTimestamp time, CancellationToken cancellationToken)
    {
        TreeFiles.EnsureDirectory(tree, $"{Directory}/{platform}", time);
        // GRUB reads the filesystem itself and does not follow a symlinked /boot on the way to its prefix.
        string directory = TreePaths.Canonical(tree, Directory) ?? Directory;
        var files = modules.Select(m => (Name: m.Key + ".mod", Bytes: m.Value)).OrderBy(f => f.Name, StringComparer.Ordinal)
            .Concat(lists.Select(l => (Name: l.Key, Bytes: l.Value)).OrderBy(f => f.Name, StringComparer.Ordinal));
        foreach (var (name, bytes) in files)
        {
            await TreeFiles.WriteAsync(tree, store, $"{Directory}/{platform}/{name}", bytes, ConfigMode, time, cancellationToken)
                .ConfigureAwait(false);
        }
        byte[] config = Encoding.UTF8.GetBytes(GrubConfigFile.Build(kernel, commandLine, filesystemUuid, title));
        await TreeFiles.WriteAsync(tree, store, Directory + "/grub.cfg", config, ConfigMode, time, cancellationToken,
            forceMode: ConfigMode).ConfigureAwait(false);
        return directory;
    }
}
