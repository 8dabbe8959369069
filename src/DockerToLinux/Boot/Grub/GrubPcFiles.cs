namespace DockerToLinux.Boot.Grub;

/// <summary>
/// GRUB's i386-pc files from one installation (the image's grub-pc-bin, or this machine's): the images
/// core.img is made of, boot.img for the MBR, and the modules with their dependency list.
/// </summary>
/// <param name="BootImage">boot.img, 512 bytes.</param>
/// <param name="DiskBootImage">diskboot.img, 512 bytes: core.img's first sector.</param>
/// <param name="LzmaDecompressImage">lzma_decompress.img: the real-mode decompressor.</param>
/// <param name="KernelElf">kernel.img as shipped (ELF32).</param>
/// <param name="Modules">Every <c>*.mod</c> by name without extension.</param>
/// <param name="Lists">Every <c>*.lst</c> by file name (moddep.lst, command.lst…).</param>
/// <param name="Origin">Where the directory was read.</param>
internal sealed record GrubPcFiles(byte[] BootImage, byte[] DiskBootImage, byte[] LzmaDecompressImage, byte[] KernelElf,
    IReadOnlyDictionary<string, byte[]> Modules, IReadOnlyDictionary<string, byte[]> Lists, BootCodeOrigin Origin)
{
    /// <summary>Where grub-pc-bin installs them.</summary>
    public const string Directory = "/usr/lib/grub/i386-pc";

    /// <summary>The parsed <c>moddep.lst</c>.</summary>
    public IReadOnlyDictionary<string, string[]> Dependencies =>
        GrubModuleOrder.ParseModDep(System.Text.Encoding.ASCII.GetString(Lists.GetValueOrDefault("moddep.lst") ?? []));
}
