using System.Runtime.InteropServices;

namespace DockerToLinux.Cli;

/// <summary>
/// Turns the first SIGINT (Ctrl-C) or SIGTERM into a cancellation, so a build stops at its next read or write
/// and deletes its temporary output instead of dying with it half-written. A second signal is left to the
/// system's default action, so a stuck process can still be stopped.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signal;

    public Interruption()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, 2)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, 15)),
        ];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The exit code a run stopped by the signal reports: 128 plus the signal's number, as shells do.</summary>
    public int ExitCode => 128 + (_signal == 0 ? 2 : _signal);

    private void Handle(PosixSignalContext context, int number)
    {
        if (Interlocked.CompareExchange(ref _signal, number, 0) != 0)
        {
            return;
        }
        context.Cancel = true;
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _cancellation.Dispose();
    }
}
