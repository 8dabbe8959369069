namespace DockerToLinux.AppInit;

/// <summary>
/// The image has no executable for the app's argv[0]: bad input, told apart from other bad input because
/// <c>d2l run</c> answers it with 127, as <c>docker run</c> does for a command it cannot find.
/// </summary>
public sealed class ProgramNotFoundException : D2lException
{
    /// <summary>The program is missing; <paramref name="setting"/> is the override that named it, if one did.</summary>
    public ProgramNotFoundException(Setting? setting, string message)
        : base(FailureKind.BadInput, setting, message)
    {
    }
}
