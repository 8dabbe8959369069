using System.Text;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;

namespace DockerToLinux.Boot;

/// <summary>
/// Installs extlinux into the tree without mounting anything: ldlinux.sys as pinned content patched with
/// its own sectors, ldlinux.c32 and syslinux.cfg, all in <c>/boot/syslinux</c>.
/// </summary>
public static class ExtlinuxInstaller
{
    /// <summary>The install directory, where the core also looks for ldlinux.c32 and its config.</summary>
    public const string Directory = "/boot/syslinux";

    private const string ShadowingConfig = Directory + "/extlinux.conf";
    private const int ReadOnlyMode = 0b100_100_100;
    private const int ConfigMode = 0b110_100_100;

    /// <summary>Writes the three files and patches ldlinux.sys with the sectors the store gave it.</summary>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">The filesystem writer's store; pinned content must already have its sectors.</param>
    /// <param name="bootCode">Boot sector, ldlinux.sys and ldlinux.c32 from one build, and mbr.bin.</param>
    /// <param name="kernel">What to boot.</param>
    /// <param name="commandLine">The kernel command line (see <see cref="KernelCommandLine"/>).</param>
    /// <param name="time">The modification time of the new files and directories.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <returns>The partition-relative LBA of ldlinux.sys's first sector, which the volume boot record loads.</returns>
    public static async Task<long> InstallAsync(FileTree tree, IPinnedContentStore store, SyslinuxBootCode bootCode,
        BootKernel kernel, string commandLine, FsTimestamp time, CancellationToken cancellationToken)
    {
        TreeFiles.EnsureDirectory(tree, Directory, time);
        // ldlinux.sys records its directory for the core's CurrentDir; a symlinked /boot must not leak in.
        string directory = TreePaths.Canonical(tree, Directory) ?? Directory;

        var image = bootCode.Blobs.Ldlinux;
        var file = new byte[image.Length + 2 * AdvSector.Size];
        image.CopyTo(file, 0);
        var adv = AdvSector.Empty();
        adv.CopyTo(file, image.Length);
        adv.CopyTo(file, image.Length + AdvSector.Size);

        var content = await store.AddPinnedAsync(file, cancellationToken).ConfigureAwait(false);
        var node = FsNode.NewFile(content, ReadOnlyMode);
        node.ModificationTime = time;
        if (!tree.Set(Directory + "/ldlinux.sys", node, TreeFiles.GeneratedLayer))
        {
            store.Release(content);
            throw new D2lException(FailureKind.BadInput, $"cannot write {Directory}/ldlinux.sys");
        }
        var sectors = store.GetSectors(content);
        LdlinuxPatcher.Patch(image, sectors, directory).CopyTo(file, 0);
        await store.OverwriteAsync(content, file, cancellationToken).ConfigureAwait(false);

        await TreeFiles.WriteAsync(tree, store, Directory + "/ldlinux.c32", bootCode.Blobs.LdlinuxC32, ReadOnlyMode, time,
            cancellationToken, forceMode: ReadOnlyMode).ConfigureAwait(false);
        byte[] config = Encoding.UTF8.GetBytes(SyslinuxConfigFile.Build(kernel, commandLine));
        await TreeFiles.WriteAsync(tree, store, Directory + "/syslinux.cfg", config, ConfigMode, time, cancellationToken,
            forceMode: ConfigMode).ConfigureAwait(false);
        // The core tries extlinux.conf before syslinux.cfg in its directory, so one the image brought would
        // boot instead of ours: it gets the same configuration.
        if (tree.Lookup(ShadowingConfig) is not null)
        {
            await TreeFiles.WriteAsync(tree, store, ShadowingConfig, config, ConfigMode, time, cancellationToken,
                forceMode: ConfigMode).ConfigureAwait(false);
        }
        return sectors[0];
    }
}
