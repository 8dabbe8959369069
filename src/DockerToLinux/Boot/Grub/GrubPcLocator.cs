using DockerToLinux.RootFs;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// Reads GRUB's i386-pc directory from the image (its grub-pc-bin package), else from this machine. All files
/// come from one of the two: modules must match the kernel they are linked into at run time.
/// </summary>
public static class GrubPcLocator
{
    private static readonly string[] Images = ["boot.img", "diskboot.img", "lzma_decompress.img", "kernel.img"];

    /// <summary>Reads the files.</summary>
    /// <exception cref="D2lException">Neither the image nor this machine has a complete i386-pc directory.</exception>
    public static async Task<GrubPcFiles> LocateAsync(FileTree tree, IFileContentStore store, BootFileReader reader, string imageName,
        CancellationToken cancellationToken)
    {
        var found = await GrubDirectory.ReadAsync(tree, store, reader, GrubPcFiles.Directory, Images, cancellationToken).ConfigureAwait(false);
        if (found is not { Images: var images } || images["boot.img"].Length != Units.SectorBytes || images["diskboot.img"].Length != Units.SectorBytes)
        {
            throw D2lException.BadInput(imageName, $"no complete GRUB i386-pc directory ({GrubPcFiles.Directory}): install grub-pc-bin "
                + "in the image (see templates/) or on this machine");
        }
        return new GrubPcFiles(images["boot.img"], images["diskboot.img"], images["lzma_decompress.img"], images["kernel.img"],
            found.Modules, found.Lists, found.Origin);
    }
}
