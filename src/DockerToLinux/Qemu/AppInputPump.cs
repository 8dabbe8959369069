namespace DockerToLinux.Qemu;

/// <summary>
/// Feeds an app VM's console with what the app reads. The guest's serial line drops what arrives before anyone
/// opens it, and echoes what arrives while its echo is on, so the input waits for the app init's word that the
/// app reads the console (<see cref="AppStatusKind.Input"/>); the end of the input becomes the end-of-file character of
/// the console's canonical line discipline (^D), which is the only way a serial line can say "no more".
/// </summary>
internal sealed class AppInputPump
{
    private const byte EndOfFile = 0x04;

    private readonly Stream _input;
    private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Prepares to copy <paramref name="input"/>.</summary>
    public AppInputPump(Stream input)
    {
        _input = input;
    }

    /// <summary>Lets the input flow: the app reads the console, whose echo is off.</summary>
    public void AppReads() => _reading.TrySetResult();

    /// <summary>Copies the input to <paramref name="console"/> once the app reads it, then ends it with ^D.</summary>
    public async Task CopyAsync(Stream console, CancellationToken cancellationToken)
    {
        await _reading.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4 * Units.KiB];
        byte last = (byte)'\n';
        int read;
        // A terminal's read does not heed cancellation; the wait does, so a VM that is gone never waits for a keystroke.
        while ((read = await _input.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false)) > 0)
        {
            await console.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            await console.FlushAsync(cancellationToken).ConfigureAwait(false);
            last = buffer[read - 1];
        }
        // A ^D after a partial line only hands that line to the reader; a second one, on an empty line, is the end.
        byte[] end = last == (byte)'\n' ? [EndOfFile] : [EndOfFile, EndOfFile];
        await console.WriteAsync(end, cancellationToken).ConfigureAwait(false);
        await console.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
