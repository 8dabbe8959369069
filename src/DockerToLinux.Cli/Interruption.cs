using System.Runtime.InteropServices;

namespace DockerToLinux.Cli;

/// <summary>
/// Turns the first SIGINT (Ctrl-C) or SIGTERM into a cancellation, so a build stops at its next read or write
/// and deletes its temporary output instead of dying with it half-written. A second signal is left to the
/// system's default action, so a stuck process can still be stopped, unless a command takes it over
/// (<see cref="TakeSecondSignal"/>): <c>d2l boot --app</c> turns the first into a stop request to the app and
/// the second into ending QEMU at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly CancellationTokenSource _second = new();
    private bool _secondTaken;
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

    /// <summary>The interruption of this process, while <see cref="Program.Main"/> runs.</summary>
    public static Interruption? Current { get; set; }

    /// <summary>Handles a second signal too, by cancelling the token returned, instead of leaving it to the system.</summary>
    public CancellationToken TakeSecondSignal()
    {
        Volatile.Write(ref _secondTaken, true);
        return _second.Token;
    }

    /// <summary>The exit code a run stopped by the signal reports: 128 plus the signal's number, as shells do.</summary>
    public int ExitCode => 128 + (_signal == 0 ? 2 : _signal);

    private void Handle(PosixSignalContext context, int number)
    {
        if (Interlocked.CompareExchange(ref _signal, number, 0) != 0)
        {
            if (Volatile.Read(ref _secondTaken))
            {
                context.Cancel = true;
                _second.Cancel();
            }
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
        _second.Dispose();
    }
}
