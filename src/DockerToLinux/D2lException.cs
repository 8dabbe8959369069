namespace DockerToLinux;

/// <summary>
/// An expected failure: a one-line, user-facing message, the <see cref="Kind"/> of failure and, when a
/// setting's value was refused, which <see cref="Setting"/>. The library names what is wrong in its own
/// terms; a front end (the command line) maps the kind to its exit code and the setting to its own option.
/// Anything else that escapes is an internal error.
/// </summary>
public class D2lException : Exception
{
    /// <summary>Creates an error of the given kind with a one-line, user-facing message.</summary>
    /// <remarks>
    /// Control characters (line breaks, NUL…) are shown as <c>\uXXXX</c>: messages quote names taken from the
    /// input, and a hostile name must not break the message into several lines or hide part of it.
    /// </remarks>
    public D2lException(FailureKind kind, string message, Exception? inner = null)
        : this(kind, null, message, inner)
    {
    }

    /// <summary>Creates an error of the given kind that blames <paramref name="setting"/>, or no setting when null.</summary>
    public D2lException(FailureKind kind, Setting? setting, string message, Exception? inner = null)
        : base(Printable(message), inner)
    {
        Kind = kind;
        Setting = setting;
    }

    /// <summary>What went wrong.</summary>
    public FailureKind Kind { get; }

    /// <summary>The setting whose value was refused, or null when the failure is not one setting's.</summary>
    public Setting? Setting { get; }

    private static string Printable(string message) =>
        message.Any(char.IsControl)
            ? string.Concat(message.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))
            : message;

    /// <summary>A bad-input error: names the input and the cause.</summary>
    public static D2lException BadInput(string input, string cause, Exception? inner = null) =>
        new(FailureKind.BadInput, $"{input}: {cause}", inner);

    /// <summary>A bad-input error that blames <paramref name="setting"/>; the message says what is wrong with its value.</summary>
    public static D2lException BadSetting(Setting setting, string message, Exception? inner = null) =>
        new(FailureKind.BadInput, setting, message, inner);
}
