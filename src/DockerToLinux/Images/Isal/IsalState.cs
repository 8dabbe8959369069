using System.Runtime.InteropServices;

namespace DockerToLinux.Images.Isal;

/// <summary>
/// ISA-L's <c>struct inflate_state</c> in native memory, with the few fields d2l reads and writes. Offsets are
/// those of ISA-L 2.x's <c>igzip_lib.h</c> on 64-bit hosts (stream pointers first, then the Huffman tables,
/// then the block state and the checksum fields); <see cref="IsalLibrary"/>'s self-check refuses a library
/// whose layout differs. The allocation is larger than the struct (87,368 bytes in 2.30) so that a library
/// with a somewhat larger struct can still be initialised safely and then refused.
/// </summary>
internal sealed unsafe class IsalState : SafeHandle
{
    /// <summary><c>block_state</c> once a member is inflated, its trailer checked and all output flushed.</summary>
    public const int BlockFinish = 5;

    /// <summary><c>crc_flag</c> value asking ISA-L to parse the gzip header and check CRC-32 and ISIZE.</summary>
    public const uint GzipWrapper = 1;

    private const int AllocationBytes = 128 * Units.KiB;
    private const int NextOutOffset = 0;
    private const int AvailOutOffset = 8;
    private const int NextInOffset = 16;
    private const int AvailInOffset = 32;
    private const int BlockStateOffset = 21160;
    private const int CrcFlagOffset = 21172;

    /// <summary>Allocates a zeroed state; <see cref="IsalLibrary.Init"/> prepares it.</summary>
    public IsalState()
        : base(0, ownsHandle: true) =>
        SetHandle((nint)NativeMemory.AllocZeroed(AllocationBytes));

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>The state's address, for the library's calls.</summary>
    public byte* Pointer => (byte*)handle;

    /// <summary><c>next_out</c>: where the next inflated byte goes.</summary>
    public byte* NextOut
    {
        get => *(byte**)(Pointer + NextOutOffset);
        set => *(byte**)(Pointer + NextOutOffset) = value;
    }

    /// <summary><c>avail_out</c>: room left at <see cref="NextOut"/>.</summary>
    public uint AvailOut
    {
        get => *(uint*)(Pointer + AvailOutOffset);
        set => *(uint*)(Pointer + AvailOutOffset) = value;
    }

    /// <summary><c>next_in</c>: the next compressed byte.</summary>
    public byte* NextIn
    {
        get => *(byte**)(Pointer + NextInOffset);
        set => *(byte**)(Pointer + NextInOffset) = value;
    }

    /// <summary><c>avail_in</c>: compressed bytes left at <see cref="NextIn"/>.</summary>
    public uint AvailIn
    {
        get => *(uint*)(Pointer + AvailInOffset);
        set => *(uint*)(Pointer + AvailInOffset) = value;
    }

    /// <summary><c>block_state</c>: where the decoder is; <see cref="BlockFinish"/> at a member's end.</summary>
    public int BlockState => *(int*)(Pointer + BlockStateOffset);

    /// <summary><c>crc_flag</c>: which wrapper and checksum the decoder expects.</summary>
    public uint CrcFlag
    {
        set => *(uint*)(Pointer + CrcFlagOffset) = value;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMemory.Free((void*)handle);
        return true;
    }
}
