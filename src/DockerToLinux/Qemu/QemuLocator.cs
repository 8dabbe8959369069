namespace DockerToLinux.Qemu;

/// <summary>Finds <c>qemu-system-x86_64</c>.</summary>
internal static class QemuLocator
{
    /// <summary>The program's name.</summary>
    public const string ProgramName = "qemu-system-x86_64";

    /// <summary>The first executable <see cref="ProgramName"/> on PATH.</summary>
    /// <exception cref="D2lException">It is not installed.</exception>
    public static string Find()
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string folder in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, ProgramName);
            if (!OperatingSystem.IsWindows() && File.Exists(candidate)
                && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }
        throw new D2lException(FailureKind.BadInput, $"{ProgramName} not found: install qemu-system-x86");
    }
}
