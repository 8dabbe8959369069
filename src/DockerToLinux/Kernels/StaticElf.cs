using System.Buffers.Binary;

namespace DockerToLinux.Kernels;

/// <summary>
/// Whether an ELF executable runs with no dynamic loader: it has program headers and none of them is
/// <c>PT_INTERP</c>. An app VM's init runs before anything in the image can be trusted to provide a loader
/// of the right C library, so only such a busybox will do.
/// </summary>
public static class StaticElf
{
    private const uint ProgramInterpreter = 3;

    /// <summary>True if <paramref name="header"/> (the file's first bytes) is a static little-endian ELF executable
    /// whose program header table lies within it.</summary>
    public static bool IsStatic(ReadOnlySpan<byte> header)
    {
        if (!KernelFileFormat.IsElf(header) || header.Length < 64 || header[5] != 1)
        {
            return false;
        }
        bool is64 = header[4] == 2;
        if (!is64 && header[4] != 1)
        {
            return false;
        }
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(header[16..]);
        long tableOffset = is64 ? (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[0x1C..]);
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[(is64 ? 0x36 : 0x2A)..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(header[(is64 ? 0x38 : 0x2C)..]);
        // 2 is a fixed-address executable, 3 a position-independent one (static-pie included).
        if (type is not (2 or 3) || count == 0 || entrySize < 4 || tableOffset <= 0
            || tableOffset + (long)entrySize * count > header.Length)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[(int)(tableOffset + (long)i * entrySize)..]) == ProgramInterpreter)
            {
                return false;
            }
        }
        return true;
    }
}
