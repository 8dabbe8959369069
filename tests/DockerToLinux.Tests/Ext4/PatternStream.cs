namespace DockerToLinux.Tests.Ext4;

/// <summary>
/// A read-only stream of a given length whose 4 KiB blocks are either zeros or filled with a pattern derived
/// from the block number, so large and sparse files cost no memory in tests.
/// </summary>
internal sealed class PatternStream(long length, Func<long, bool> isData) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The byte at <paramref name="offset"/> of such a stream.</summary>
    public static byte ByteAt(long offset, Func<long, bool> isData) =>
        isData(offset / 4096) ? (byte)(offset / 4096 % 250 + 1 + offset % 3) : (byte)0;

    public override int Read(byte[] buffer, int offset, int count)
    {
        count = (int)Math.Min(count, length - _position);
        for (int i = 0; i < count;)
        {
            long block = (_position + i) / 4096;
            int run = (int)Math.Min(count - i, (block + 1) * 4096 - (_position + i));
            if (isData(block))
            {
                for (int j = 0; j < run; j++)
                {
                    buffer[offset + i + j] = ByteAt(_position + i + j, isData);
                }
            }
            else
            {
                Array.Clear(buffer, offset + i, run);
            }
            i += run;
        }
        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
