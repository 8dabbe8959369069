using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace DockerToLinux.Images.Zlib;

/// <summary>
/// A gzip stream inflated by .NET's zlib, checked to the same standard as ISA-L's (<c>IsalGzipStream</c>):
/// zlib checks the CRC-32 and size of each member that ends, but .NET ends the output quietly when the input
/// stops inside a member, and so would pass a truncated layer as a short one. At the end of the output this
/// stream therefore looks for the last member's trailer among the last input bytes (<see cref="GzipInputWindow"/>):
/// its size names where in the output that member began (a member never shares a read with the one before,
/// so each read's end is recorded with the CRC-32 so far), and the CRC-32 of the output from there must be
/// the trailer's. Bytes after the last member that start no other are ignored, as GNU gzip and ISA-L do.
/// </summary>
internal sealed class ZlibGzipStream : ForwardReadStream
{
    private readonly GzipInputWindow _input;
    private readonly GZipStream _inflater;
    private readonly Crc32 _crc = new();
    // Output offsets where a member can begin (each read's end) and the CRC-32 of the output before them.
    private readonly List<long> _readEnds = [0];
    private readonly List<uint> _crcAtReadEnds = [0];
    private long _produced;
    private bool _ended;

    /// <param name="compressed">The gzip bytes; disposed with this stream.</param>
    public ZlibGzipStream(Stream compressed)
    {
        _input = new GzipInputWindow(compressed);
        _inflater = new GZipStream(_input, CompressionMode.Decompress);
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }
        int read;
        try
        {
            read = _inflater.Read(buffer);
        }
        catch (InvalidDataException error)
        {
            throw Damaged(error);
        }
        return Account(buffer[..read]);
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }
        int read;
        try
        {
            read = await _inflater.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException error)
        {
            throw Damaged(error);
        }
        return Account(buffer.Span[..read]);
    }

    // zlib reports every kind of damage with one code, which .NET words as an unsupported compression method.
    private static InvalidDataException Damaged(InvalidDataException error) =>
        new("damaged gzip data (a bad member header, invalid deflate data, or a CRC-32 or size in a trailer that does not match the data)", error);

    private int Account(ReadOnlySpan<byte> output)
    {
        if (output.IsEmpty)
        {
            _ended = true;
            if (!LastMemberEnded())
            {
                throw new InvalidDataException("the gzip stream ends inside a member");
            }
            return 0;
        }
        _crc.Append(output);
        _produced += output.Length;
        _readEnds.Add(_produced);
        _crcAtReadEnds.Add(_crc.GetCurrentHashAsUInt32());
        _input.Mark();
        return output.Length;
    }

    // Latest first, each 8 kept bytes taken as a trailer (CRC-32, then size mod 2^32): it ends the last member
    // when the output from the read end its size points at has that CRC-32, and no member starts after it.
    private bool LastMemberEnded()
    {
        byte[] kept = _input.Kept();
        uint whole = _crc.GetCurrentHashAsUInt32();
        for (int end = kept.Length; end >= 8; end--)
        {
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(kept.AsSpan(end - 8));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(kept.AsSpan(end - 4));
            bool memberFollows = end + 1 < kept.Length && kept[end] == 0x1F && kept[end + 1] == 0x8B;
            for (long start = _produced - size; start >= 0 && !memberFollows; start -= 1L << 32)
            {
                int at = _readEnds.BinarySearch(start);
                if (at >= 0 && Crc32Arithmetic.OfTail(whole, _crcAtReadEnds[at], _produced - start) == crc
                    && (start < _produced || EmptyMemberEndsAt(kept, end)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    // An empty last member (eStargz's footer is one) has a trailer of eight zero bytes, which deflate data cut
    // anywhere may also hold; so it counts only as a whole member: a gzip header, then an empty deflate stream
    // as zlib ("03 00") or Go's NoCompression ("01 00 00 FF FF") writes it, then the trailer.
    private static bool EmptyMemberEndsAt(byte[] kept, int end)
    {
        var before = kept.AsSpan(0, end - 8);
        int deflate = before.EndsWith((ReadOnlySpan<byte>)[0x03, 0x00]) ? 2
            : before.EndsWith((ReadOnlySpan<byte>)[0x01, 0x00, 0x00, 0xFF, 0xFF]) ? 5
            : 0;
        if (deflate == 0)
        {
            return false;
        }
        int headerEnd = before.Length - deflate;
        for (int start = before[..headerEnd].LastIndexOf((ReadOnlySpan<byte>)[0x1F, 0x8B, 0x08]); start >= 0;
            start = before[..start].LastIndexOf((ReadOnlySpan<byte>)[0x1F, 0x8B, 0x08]))
        {
            if (GzipHeaderEnd(before, start) == headerEnd)
            {
                return true;
            }
        }
        return false;
    }

    // Where the gzip header at start ends (RFC 1952 2.3: FEXTRA, FNAME, FCOMMENT, FHCRC), or -1.
    private static int GzipHeaderEnd(ReadOnlySpan<byte> bytes, int start)
    {
        if (start + 10 > bytes.Length)
        {
            return -1;
        }
        byte flags = bytes[start + 3];
        int at = start + 10;
        if ((flags & 0x04) != 0)
        {
            if (at + 2 > bytes.Length)
            {
                return -1;
            }
            at += 2 + BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
        }
        foreach (byte field in new byte[] { 0x08, 0x10 })
        {
            if ((flags & field) != 0 && at < bytes.Length)
            {
                int zero = bytes[at..].IndexOf((byte)0);
                at = zero < 0 ? -1 : at + zero + 1;
                if (at < 0)
                {
                    return -1;
                }
            }
        }
        return (flags & 0x02) != 0 ? at + 2 : at;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater.Dispose();
        }
        base.Dispose(disposing);
    }
}
