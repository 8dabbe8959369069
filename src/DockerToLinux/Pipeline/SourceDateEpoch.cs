namespace DockerToLinux.Pipeline;

/// <summary>
/// The <c>SOURCE_DATE_EPOCH</c> convention of reproducible builds: a time, in seconds since 1970, that
/// makes d2l derive every identifier and time stamp from its input (see <see cref="BuildOptions.SourceDateEpoch"/>).
/// </summary>
public static class SourceDateEpoch
{
    /// <summary>The environment variable's name.</summary>
    public const string VariableName = "SOURCE_DATE_EPOCH";

    /// <summary>Reads <c>SOURCE_DATE_EPOCH</c> from this process's environment; null when unset or empty.</summary>
    /// <exception cref="D2lException">A value that is not a number of seconds (bad input).</exception>
    public static long? FromEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(VariableName);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!long.TryParse(value.Trim(), out long seconds) || seconds < 0)
        {
            throw D2lException.BadInput(VariableName, $"'{value}' is not a number of seconds since 1970");
        }
        return seconds;
    }
}
