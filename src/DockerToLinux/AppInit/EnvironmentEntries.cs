namespace DockerToLinux.AppInit;

/// <summary>
/// <c>NAME=value</c> lists as container runtimes combine them: a later entry replaces an earlier one of the same
/// name where that one stands, and new names go at the end.
/// </summary>
internal static class EnvironmentEntries
{
    /// <summary>The search path Docker gives a process whose image sets no PATH.</summary>
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The name of an entry: what stands before its first <c>=</c>.</summary>
    public static string NameOf(string entry) => entry[..entry.IndexOf('=')];

    /// <summary>The value of entry <paramref name="name"/> in <paramref name="entries"/>, or null.</summary>
    public static string? Value(IEnumerable<string> entries, string name) =>
        entries.LastOrDefault(entry => NameOf(entry) == name) is { } found ? found[(name.Length + 1)..] : null;

    /// <summary><paramref name="first"/> with each entry of <paramref name="then"/> replacing the entry of its
    /// name in place, or added at the end.</summary>
    public static List<string> Merge(IEnumerable<string> first, IEnumerable<string> then)
    {
        var merged = first.ToList();
        foreach (string entry in then)
        {
            int index = merged.FindIndex(existing => NameOf(existing) == NameOf(entry));
            if (index >= 0)
            {
                merged[index] = entry;
            }
            else
            {
                merged.Add(entry);
            }
        }
        return merged;
    }

    /// <summary>Refuses an entry that a process environment cannot hold.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="setting">The setting the entry came from, or null for the image's own.</param>
    /// <exception cref="D2lException">No <c>=</c>, an empty name, or a NUL character.</exception>
    public static void Check(string entry, Setting? setting)
    {
        if (entry.IndexOf('=') <= 0 || entry.Contains('\0', StringComparison.Ordinal))
        {
            throw new D2lException(FailureKind.BadInput, setting, $"the environment entry '{entry.Replace("\0", "\\0", StringComparison.Ordinal)}' is not NAME=value");
        }
    }

    /// <summary>
    /// The environment the process gets, as Docker builds it: PATH (Docker's default unless the configuration
    /// sets one) and HOSTNAME first, the configured entries replacing or following them, then HOME from the
    /// user's account unless configured.
    /// </summary>
    public static List<string> ForProcess(IReadOnlyList<string> configured, string hostname, string home)
    {
        var environment = Merge([DefaultPath, "HOSTNAME=" + hostname], configured);
        if (Value(environment, "HOME") is null)
        {
            environment.Add("HOME=" + home);
        }
        return environment;
    }
}
