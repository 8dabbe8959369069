using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DockerToLinux.Images.Isal;

/// <summary>
/// A gzip stream inflated by ISA-L: one or more members one after another, each one's CRC-32 and size
/// checked by the library. Bytes after the last member that do not start another one are ignored, as
/// GNU gzip and .NET do; a stream that stops inside a member is corrupt. Reads that offer a megabyte or more
/// are the fast ones: each call costs ISA-L a copy of its 32 KiB history window.
/// </summary>
internal sealed class IsalGzipStream : ForwardReadStream
{
    private const int InputBytes = 256 * Units.KiB;
    private const int NeedInput = -1;

    private readonly Stream _compressed;
    // A read-ahead's chunks (which never move) are inflated where they lie: no copy into _input on the inflating thread.
    private readonly ReadAheadStream? _chunks;
    private readonly IsalLibrary _library;
    private readonly IsalState _state = new();
    // Pinned, because ISA-L keeps pointing into it between calls.
    private readonly byte[] _input = GC.AllocateUninitializedArray<byte>(InputBytes, pinned: true);
    private readonly nint _base;
    private bool _inputEnded;
    private bool _betweenMembers;
    private bool _ended;

    /// <param name="compressed">The gzip bytes; disposed with this stream.</param>
    /// <param name="library">The loaded ISA-L.</param>
    public IsalGzipStream(Stream compressed, IsalLibrary library)
    {
        _compressed = compressed;
        _chunks = compressed as ReadAheadStream;
        _library = library;
        _base = Marshal.UnsafeAddrOfPinnedArrayElement(_input, 0);
        StartMember(_base, 0);
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            int produced = Step(buffer);
            if (produced != NeedInput)
            {
                return produced;
            }
            if (_chunks is not null && _state.AvailIn == 0)
            {
                UseChunk(_chunks.ReadChunk());
            }
            else
            {
                Filled(_compressed.Read(PrepareInput().Span));
            }
        }
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            int produced = Step(buffer.Span);
            if (produced != NeedInput)
            {
                return produced;
            }
            if (_chunks is not null && _state.AvailIn == 0)
            {
                UseChunk(await _chunks.ReadChunkAsync(cancellationToken).ConfigureAwait(false));
            }
            else
            {
                Filled(await _compressed.ReadAsync(PrepareInput(), cancellationToken).ConfigureAwait(false));
            }
        }
    }

    // One call into ISA-L: the bytes it produced, 0 at the end, or NeedInput.
    private unsafe int Step(Span<byte> output)
    {
        while (!_ended && !output.IsEmpty)
        {
            if (_betweenMembers)
            {
                if (_state.AvailIn < 2 && !_inputEnded)
                {
                    return NeedInput;
                }
                if (_state.AvailIn < 2 || _state.NextIn[0] != 0x1F || _state.NextIn[1] != 0x8B)
                {
                    _ended = true;
                    break;
                }
                StartMember((nint)_state.NextIn, _state.AvailIn);
            }
            int status;
            int produced;
            fixed (byte* start = output)
            {
                _state.NextOut = start;
                _state.AvailOut = (uint)output.Length;
                status = _library.Inflate(_state.Pointer);
                produced = output.Length - (int)_state.AvailOut;
                _state.NextOut = null;
            }
            if (status < 0)
            {
                throw new InvalidDataException(Describe(status));
            }
            _betweenMembers = _state.BlockState == IsalState.BlockFinish;
            if (produced > 0)
            {
                return produced;
            }
            if (!_betweenMembers)
            {
                if (_inputEnded)
                {
                    throw new InvalidDataException("the gzip stream ends inside a member");
                }
                return NeedInput;
            }
        }
        return 0;
    }

    private unsafe void StartMember(nint next, uint available)
    {
        _library.Init(_state.Pointer);
        _state.CrcFlag = IsalState.GzipWrapper;
        _state.NextIn = (byte*)next;
        _state.AvailIn = available;
        _betweenMembers = false;
    }

    // Moves the bytes ISA-L has not taken yet to the front; the rest of the buffer is for the next read.
    private unsafe Memory<byte> PrepareInput()
    {
        int kept = (int)_state.AvailIn;
        if (kept == InputBytes)
        {
            throw new InvalidDataException("the gzip decoder stopped taking input");
        }
        if (kept > 0 && _state.NextIn != (byte*)_base)
        {
            new ReadOnlySpan<byte>(_state.NextIn, kept).CopyTo(_input);
        }
        _state.NextIn = (byte*)_base;
        return _input.AsMemory(kept);
    }

    // ISA-L reads the chunk in place; the read-ahead keeps it until this stream's next call to it, by which
    // time ISA-L has taken every byte (the call comes only when none is left).
    private unsafe void UseChunk(ReadOnlyMemory<byte> chunk)
    {
        _state.NextIn = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(chunk.Span));
        _state.AvailIn = (uint)chunk.Length;
        _inputEnded = chunk.IsEmpty;
    }

    private void Filled(int read)
    {
        _state.AvailIn += (uint)read;
        _inputEnded = read == 0;
    }

    private static string Describe(int status) => status switch
    {
        -1 => "invalid deflate block",
        -2 => "invalid deflate symbol",
        -3 => "a back-reference points before the start of the data",
        -4 => "invalid gzip header",
        -5 => "the gzip header names an unsupported compression method",
        -6 => "the CRC-32 or size in the gzip trailer does not match the data",
        _ => $"ISA-L inflate error {status}",
    };

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _compressed.Dispose();
            _state.Dispose();
        }
        base.Dispose(disposing);
    }
}
