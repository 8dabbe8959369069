using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using CliWrap;

namespace DockerToLinux.Qemu;

/// <summary>
/// Both directions of the guest's serial console while a program talks to it: what the guest printed
/// since the session began, waited on with patterns, and text typed into QEMU's standard input.
/// </summary>
internal sealed class SerialSession
{
    private readonly Channel<string> _typed = Channel.CreateUnbounded<string>();
    private readonly Lock _gate = new();
    private readonly StringBuilder _received = new();
    private int _cursor;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>QEMU's standard input: everything <see cref="TypeAsync"/> sends, as it is sent.</summary>
    public PipeSource Input => PipeSource.Create(async (stream, cancellationToken) =>
    {
        await foreach (string text in _typed.Reader.ReadAllAsync(cancellationToken))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
    });

    /// <summary>Adds console output.</summary>
    public void Receive(ReadOnlySpan<char> text)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _received.Append(text);
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.TrySetResult();
    }

    /// <summary>Types <paramref name="text"/> on the console.</summary>
    public ValueTask TypeAsync(string text, CancellationToken cancellationToken) =>
        _typed.Writer.WriteAsync(text, cancellationToken);

    /// <summary>
    /// Waits until output not consumed by an earlier wait matches <paramref name="pattern"/>, and consumes
    /// it up to the end of the match.
    /// </summary>
    public async Task<Match> WaitForAsync(Regex pattern, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var match = pattern.Match(_received.ToString(), _cursor);
                if (match.Success)
                {
                    _cursor = match.Index + match.Length;
                    return match;
                }
                arrived = _arrived.Task;
            }
            await arrived.WaitAsync(cancellationToken);
        }
    }
}
