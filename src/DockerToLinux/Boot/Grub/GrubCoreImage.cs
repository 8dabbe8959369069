using System.Buffers.Binary;
using SharpCompress.Compressors.LZMA;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// Assembles i386-pc <c>core.img</c> in process, as <c>grub-mkimage -O i386-pc</c> does: diskboot.img, then
/// lzma_decompress.img, then the LZMA-compressed flat kernel followed by the module area (modules in
/// dependency order, then the prefix). Without Reed-Solomon codes, as <c>--no-rs-codes</c>.
/// </summary>
public static class GrubCoreImage
{
    /// <summary>The most core.img may hold: the decompressor and payload load between 0x9000 and 0x78000.</summary>
    public const int MaxDecompressorAndPayload = 0x78000 - 0x9000;

    private const int CompressedSizeOffset = 0x08, UncompressedSizeOffset = 0x0C, ReedSolomonLengthOffset = 0x10;
    private const int BlocklistOffset = 0x1F4;

    /// <summary>Builds core.img for loading from consecutive sectors starting at <paramref name="firstLba"/>.</summary>
    /// <param name="files">GRUB's i386-pc files.</param>
    /// <param name="modules">Modules to embed; their dependencies are added.</param>
    /// <param name="prefix">Where GRUB finds grub.cfg and more modules, such as <c>(,gpt2)/boot/grub</c>.</param>
    /// <param name="firstLba">The disk sector core.img's first sector goes to.</param>
    /// <exception cref="InvalidDataException">A module is missing, or the result is too large.</exception>
    public static byte[] Build(GrubPcFiles files, IEnumerable<string> modules, string prefix, long firstLba)
    {
        var kernel = GrubKernelImage.Flatten(files.KernelElf);
        var area = ModuleArea(files, GrubModuleOrder.Resolve(modules, files.Dependencies), prefix);
        var payload = new byte[kernel.Length + area.Length];
        kernel.CopyTo(payload, 0);
        area.CopyTo(payload, kernel.Length);
        var compressed = Compress(payload);

        var decompressor = files.LzmaDecompressImage.ToArray();
        if (decompressor.Length + compressed.Length > MaxDecompressorAndPayload)
        {
            throw new InvalidDataException($"core.img would be {decompressor.Length + compressed.Length} bytes; GRUB loads at most {MaxDecompressorAndPayload}");
        }
        BinaryPrimitives.WriteUInt32LittleEndian(decompressor.AsSpan(CompressedSizeOffset), (uint)compressed.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(decompressor.AsSpan(UncompressedSizeOffset), (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(decompressor.AsSpan(ReedSolomonLengthOffset), 0);

        int size = Units.SectorBytes + decompressor.Length + compressed.Length;
        var core = new byte[Units.WholeSectors(size)];
        files.DiskBootImage.CopyTo(core, 0);
        decompressor.CopyTo(core, Units.SectorBytes);
        compressed.CopyTo(core, Units.SectorBytes + decompressor.Length);
        // diskboot reads the rest of core.img from one blocklist entry: the sectors after its own, to 0x8200.
        var blocklist = core.AsSpan(BlocklistOffset, 12);
        BinaryPrimitives.WriteInt64LittleEndian(blocklist, firstLba + 1);
        BinaryPrimitives.WriteUInt16LittleEndian(blocklist[8..], (ushort)(core.Length / Units.SectorBytes - 1));
        BinaryPrimitives.WriteUInt16LittleEndian(blocklist[10..], 0x0820);
        return core;
    }

    /// <summary>The uncompressed module area: header, modules, prefix. Public for tests against grub-mkimage.</summary>
    public static byte[] ModuleArea(GrubPcFiles files, IReadOnlyList<string> orderedModules, string prefix) =>
        GrubModuleArea.Build(GrubModuleArea.Lookup(orderedModules, files.Modules, files.Origin), null, prefix, 4);

    // A bare LZMA1 stream with lc=3, lp=0, pb=2 (what lzma_decompress.img is built for); the decoder stops at
    // the uncompressed size, so neither the properties nor a length are stored.
    private static byte[] Compress(byte[] payload)
    {
        using var output = new MemoryStream();
        using (var lzma = LzmaStream.Create(new LzmaEncoderProperties(false, Units.MiB), false, output))
        {
            if (lzma.Properties[0] != 0x5D)
            {
                throw new InvalidOperationException("the LZMA encoder is not set to lc=3, lp=0, pb=2");
            }
            lzma.Write(payload);
        }
        return output.ToArray();
    }
}
