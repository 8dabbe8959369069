using System.Net;
using System.Net.Http.Headers;

namespace DockerToLinux.Images;

/// <summary>
/// A registry blob as a stream. The request is made on the first read; when the connection breaks or
/// ends before the size the manifest gives, the download resumes with an HTTP Range request from the
/// byte it stopped at (or, if the registry ignores ranges, restarts and skips what was already read).
/// It never invents bytes: the <see cref="VerifyingStream"/> around it still checks size and digest.
/// </summary>
internal sealed class RegistryBlobStream(RegistryClient client, Digest digest, long size) : Stream
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    private HttpResponseMessage? _response;
    private Stream? _body;
    private long _position;
    private int _failures;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => size;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0 || _position >= size)
        {
            return 0;
        }
        while (true)
        {
            Exception? failure;
            try
            {
                _body ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(IdleTimeout);
                int read = await _body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read > 0)
                {
                    _position += read;
                    return read;
                }
                failure = new EndOfStreamException($"the connection ended after {_position} of {size} bytes");
            }
            catch (Exception error) when (RegistryClient.IsTransient(error, cancellationToken))
            {
                failure = error;
            }
            Disconnect();
            if (++_failures >= client.Options.MaxAttempts)
            {
                throw D2lException.BadInput(client.Input,
                    $"blob {digest} download failed after {_failures} attempts ({RegistryClient.Describe(failure)})", failure);
            }
            await client.BackoffAsync(_failures, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        _response = await client.GetAsync($"blobs/{digest}", [],
            _position > 0 ? new RangeHeaderValue(_position, null) : null, $"blob {digest}", cancellationToken).ConfigureAwait(false);
        var body = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (_position == 0)
        {
            return body;
        }
        if (_response.StatusCode == HttpStatusCode.PartialContent)
        {
            if (_response.Content.Headers.ContentRange?.From != _position)
            {
                throw D2lException.BadInput(client.Input, $"blob {digest}: the registry resumed at the wrong offset");
            }
            return body;
        }
        // A 200 to a Range request is the whole blob again: skip the part already handed out.
        var scratch = new byte[81920];
        for (long skipped = 0; skipped < _position;)
        {
            int read = await body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, _position - skipped)), cancellationToken)
                .ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"the connection ended after {skipped} of {size} bytes");
            }
            skipped += read;
        }
        return body;
    }

    private void Disconnect()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Disconnect();
        }
        base.Dispose(disposing);
    }
}
