namespace DockerToLinux.AppInit;

/// <summary>
/// Combines an image's configuration with <c>docker run</c>-style overrides the way Docker does: an entrypoint
/// override drops the image's Cmd, environment overrides replace entries of the same name in place and add
/// the rest after them, and the process is Entrypoint followed by Cmd.
/// </summary>
internal static class RunSpecResolver
{
    /// <summary>The process to run.</summary>
    /// <exception cref="D2lException">No command at all, a relative working directory, a malformed environment
    /// entry or an unknown stop signal; the error names the override's <see cref="Setting"/> when one is to blame.</exception>
    public static RunSpec Resolve(AppConfig image, RunOverrides overrides)
    {
        var entrypoint = overrides.Entrypoint ?? image.Entrypoint ?? [];
        var cmd = overrides.Cmd ?? (overrides.Entrypoint is null ? image.Cmd : null) ?? [];
        var argv = entrypoint.Concat(cmd).ToList();
        if (argv.Count == 0)
        {
            throw D2lException.BadSetting(Setting.Cmd, "the image has no Entrypoint and no Cmd, and no command was given");
        }
        string workingDir = overrides.WorkingDir ?? image.WorkingDir ?? "/";
        if (!workingDir.StartsWith('/'))
        {
            throw new D2lException(FailureKind.BadInput, overrides.WorkingDir is null ? null : Setting.WorkingDir,
                $"the working directory '{workingDir}' is not an absolute path");
        }
        foreach (string entry in image.Env)
        {
            EnvironmentEntries.Check(entry, null);
        }
        foreach (string entry in overrides.Env ?? [])
        {
            EnvironmentEntries.Check(entry, Setting.Env);
        }
        return new RunSpec(argv, EnvironmentEntries.Merge(image.Env, overrides.Env ?? []), workingDir,
            overrides.RunAs ?? image.User ?? string.Empty, StopSignals.Parse(image.StopSignal));
    }
}
