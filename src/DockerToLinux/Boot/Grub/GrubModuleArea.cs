using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// The module area grub-mkimage appends to GRUB's kernel: a module-info header (magic "gmim", the offset of the
/// first object, the area's total size), then objects of <c>u32 type, u32 size</c> with their data padded to
/// the platform's pointer size: the modules in dependency order, the embedded config (with a NUL), the prefix.
/// </summary>
internal static class GrubModuleArea
{
    private const uint Magic = 0x676D696D; // "mimg" read as a little-endian u32
    private const uint ObjectModule = 0, ObjectConfig = 2, ObjectPrefix = 3;

    /// <summary>Builds the area.</summary>
    /// <param name="modules">Each <c>.mod</c> file's bytes, in load order.</param>
    /// <param name="config">The embedded config's text, or null for none.</param>
    /// <param name="prefix">Where GRUB looks for grub.cfg and further modules.</param>
    /// <param name="pointerSize">4 for i386 platforms, 8 for x86_64: the header's field size and the padding.</param>
    public static byte[] Build(IEnumerable<byte[]> modules, string? config, string prefix, int pointerSize)
    {
        if (pointerSize is not (4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(pointerSize), pointerSize, "GRUB platforms have 4- or 8-byte pointers");
        }
        // i386: u32 magic, u32 offset, u32 size. x86_64: u32 magic, u32 padding, u64 offset, u64 size.
        int headerSize = pointerSize == 4 ? 12 : 24;
        using var area = new MemoryStream();
        area.Write(new byte[headerSize]);
        foreach (var module in modules)
        {
            WriteObject(area, ObjectModule, module, pointerSize);
        }
        if (config is not null)
        {
            WriteObject(area, ObjectConfig, Encoding.UTF8.GetBytes(config + "\0"), pointerSize);
        }
        WriteObject(area, ObjectPrefix, Encoding.ASCII.GetBytes(prefix + "\0"), pointerSize);
        var bytes = area.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        if (pointerSize == 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)headerSize);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)bytes.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)headerSize);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), (ulong)bytes.Length);
        }
        return bytes;
    }

    /// <summary>The bytes of each named module, in the order given.</summary>
    /// <exception cref="InvalidDataException">A module is not in <paramref name="available"/>.</exception>
    public static IReadOnlyList<byte[]> Lookup(IEnumerable<string> names, IReadOnlyDictionary<string, byte[]> available, BootCodeOrigin origin) =>
        names.Select(name => available.GetValueOrDefault(name) ?? throw new InvalidDataException($"GRUB module {name} is not in {origin}"))
            .ToList();

    // Each object: u32 type, u32 size including this header, data zero-padded to the pointer size.
    private static void WriteObject(Stream area, uint type, byte[] data, int pointerSize)
    {
        int padded = (data.Length + pointerSize - 1) / pointerSize * pointerSize;
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, type);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(8 + padded));
        area.Write(header);
        area.Write(data);
        area.Write(new byte[padded - data.Length]);
    }
}
