using DockerToLinux.Images;

using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images;

/// <summary>
/// The blob read-ahead must be invisible to its reader: the same bytes, and the inner stream's failure at
/// the same point of the byte sequence, however the reads are cut.
/// </summary>
public sealed class ReadAheadStreamTests
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 1)]
    [InlineData(1 << 20, 4096)]
    [InlineData((5 << 20) + 3, 1_000_003)]
    [InlineData((3 << 20) + 77, 1)]
    public async Task Every_byte_comes_through_in_order_whatever_the_read_sizes(int length, int readSize)
    {
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);

        using var synchronous = new ReadAheadStream(new MemoryStream(data));
        Assert.Equal(data, synchronous.ReadAllInPieces(readSize));

        using var asynchronous = new ReadAheadStream(new MemoryStream(data));
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await asynchronous.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }
        Assert.Equal(data, output.ToArray());
    }

    [Fact]
    public void A_failure_of_the_inner_stream_comes_after_every_byte_before_it()
    {
        byte[] data = new byte[(2 << 20) + 500];
        new Random(1).NextBytes(data);
        using var stream = new ReadAheadStream(new FailingStream(data, new IOException("disk gone")));
        var output = new MemoryStream();
        var buffer = new byte[70_000];
        var error = Assert.Throws<IOException>(() =>
        {
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
            }
        });
        Assert.Equal("disk gone", error.Message);
        Assert.Equal(data, output.ToArray());
    }

    [Fact]
    public void Disposing_before_the_end_stops_the_reading_thread_and_disposes_the_inner_stream()
    {
        var inner = new FailingStream(new byte[64 << 20], failure: null);
        var stream = new ReadAheadStream(inner);
        Assert.Equal(10, stream.Read(new byte[10]));
        stream.Dispose();
        Assert.True(inner.Disposed.Wait(TimeSpan.FromSeconds(10)), "the inner stream was not disposed");
        Assert.True(inner.Position < 16 << 20, $"the reader went on to byte {inner.Position} after disposal");
    }

    // Gives its bytes, then throws the failure (or ends); records its disposal.
    private sealed class FailingStream(byte[] data, Exception? failure) : Stream
    {
        private readonly MemoryStream _data = new(data);

        public ManualResetEventSlim Disposed { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _data.Length;

        public override long Position
        {
            get => _data.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = _data.Read(buffer, offset, count);
            if (read == 0 && failure is not null)
            {
                throw failure;
            }
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed.Set();
            base.Dispose(disposing);
        }
    }
}
