using System.Security.Cryptography;

namespace DockerToLinux.Images;

/// <summary>
/// Passes bytes through while hashing and counting them; when the inner stream ends, compares the digest
/// (and the size, when one is expected) and throws a one-line <see cref="D2lException"/> on a mismatch.
/// This is how blobs are verified without being read twice or held in memory.
/// </summary>
internal sealed class VerifyingStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly Digest? _expected;
    private readonly long? _expectedSize;
    private readonly string _input;
    private readonly string _what;
    private readonly IncrementalHash? _hash;
    private long _count;
    private volatile bool _checked;

    /// <param name="inner">The stream to verify; disposed with this one.</param>
    /// <param name="expected">The digest the bytes must have; null to count them only (and check the size).</param>
    /// <param name="expectedSize">The byte count they must have, if known.</param>
    /// <param name="input">The image the blob belongs to, for the message.</param>
    /// <param name="what">What is checked, for example "layer sha256:…" or "layer sha256:… diff_id".</param>
    public VerifyingStream(Stream inner, Digest? expected, long? expectedSize, string input, string what)
    {
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _input = input;
        _what = what;
        _hash = expected is null ? null : IncrementalHash.CreateHash(expected.HashAlgorithm);
    }

    /// <summary>True once the end was reached and everything matched.</summary>
    public bool Verified => _checked;

    public override long Position
    {
        get => _count;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer) => Account(buffer, _inner.Read(buffer), buffer.Length);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, read, buffer.Length);
    }

    private int Account(ReadOnlySpan<byte> buffer, int read, int asked)
    {
        _hash?.AppendData(buffer[..read]);
        _count += read;
        if (_expectedSize is long size && _count > size)
        {
            throw D2lException.BadInput(_input, $"{_what} is larger than the {size} bytes the manifest gives");
        }
        if (read == 0 && asked > 0 && !_checked)
        {
            Check();
        }
        return read;
    }

    private void Check()
    {
        if (_expectedSize is long size && _count != size)
        {
            throw D2lException.BadInput(_input, $"{_what} size mismatch (manifest says {size} bytes, got {_count})");
        }
        if (_expected is not null && _hash is not null)
        {
            var actual = new Digest(_expected.Algorithm, Convert.ToHexStringLower(_hash.GetHashAndReset()));
            if (actual != _expected)
            {
                throw D2lException.BadInput(_input, $"{_what} digest mismatch (got {actual})");
            }
        }
        _checked = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash?.Dispose();
        }
        base.Dispose(disposing);
    }
}
