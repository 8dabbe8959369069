namespace DockerToLinux.Cli;

/// <summary>The exit codes of d2l, as the README's table lists them.</summary>
internal static class ExitCode
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The checked thing failed (a disk did not boot).</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad usage or bad input.</summary>
    public const int BadInput = 2;

    /// <summary>An internal error.</summary>
    public const int Internal = 3;

    /// <summary><c>d2l boot --app</c>: the VM or its init failed before the app's status arrived, as <c>docker run</c> reports its own failures.</summary>
    public const int AppVmFailed = 125;

    /// <summary><c>d2l run</c>: the image has no program of the app's name, as <c>docker run</c> reports a command it cannot find.</summary>
    public const int AppNotFound = 127;

    /// <summary>The user interrupted the run (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code of a failure of <paramref name="kind"/>.</summary>
    public static int Of(FailureKind kind) => kind switch
    {
        FailureKind.CheckFailed => CheckFailed,
        FailureKind.BadInput => BadInput,
        _ => Internal,
    };
}
