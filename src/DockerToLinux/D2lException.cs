namespace DockerToLinux;

/// <summary>
/// An expected failure that the command line reports as one line on stderr, with the exit code of
/// <see cref="Kind"/>. Anything else that escapes is an internal error (exit 3).
/// </summary>
public class D2lException : Exception
{
    /// <summary>Creates an error of the given kind with a one-line, user-facing message.</summary>
    /// <remarks>
    /// Control characters (line breaks, NUL…) are shown as <c>\uXXXX</c>: messages quote names taken from the
    /// input, and a hostile name must not break the message into several lines or hide part of it.
    /// </remarks>
    public D2lException(FailureKind kind, string message, Exception? inner = null)
        : base(Printable(message), inner) => Kind = kind;

    /// <summary>What went wrong, which decides the exit code.</summary>
    public FailureKind Kind { get; }

    private static string Printable(string message) =>
        message.Any(char.IsControl)
            ? string.Concat(message.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))
            : message;

    /// <summary>A bad-input error: names the input and the cause (exit 2).</summary>
    public static D2lException BadInput(string input, string cause, Exception? inner = null) =>
        new(FailureKind.BadInput, $"{input}: {cause}", inner);
}

/// <summary>The kinds of failure the command line distinguishes, with their exit codes as values.</summary>
public enum FailureKind
{
    /// <summary>The checked thing failed, for example a disk did not boot (exit 1).</summary>
    CheckFailed = 1,

    /// <summary>Bad usage or bad input (exit 2).</summary>
    BadInput = 2,

    /// <summary>A bug or an environment failure d2l did not expect (exit 3).</summary>
    Internal = 3,
}
