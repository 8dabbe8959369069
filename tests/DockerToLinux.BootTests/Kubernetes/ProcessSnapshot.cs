namespace DockerToLinux.BootTests.Kubernetes;

/// <summary>
/// What the kernel says about a running process: its <c>/proc/PID/status</c> fields (Name, Uid, Gid, Groups,
/// the capability sets, NoNewPrivs…) and the mount options of its root and of one more folder as it sees them.
/// </summary>
public sealed class ProcessSnapshot
{
    private ProcessSnapshot(IReadOnlyDictionary<string, string> status, string rootOptions, string scratchOptions)
    {
        Status = status;
        RootOptions = rootOptions;
        ScratchOptions = scratchOptions;
    }

    /// <summary>The status fields by name, values trimmed (for example <c>Uid</c> → <c>65532	65532	65532	65532</c>).</summary>
    public IReadOnlyDictionary<string, string> Status { get; }

    /// <summary>The per-mount options of the mount at the process's <c>/</c> (the topmost one).</summary>
    public string RootOptions { get; }

    /// <summary>The per-mount options of the mount at the folder given to <see cref="WaitForAsync"/>.</summary>
    public string ScratchOptions { get; }

    /// <summary>
    /// Polls <c>/proc/<paramref name="pid"/></c> until the process's name is <paramref name="name"/> (it execs its
    /// way there) and reads it, with the mount at <paramref name="scratchMount"/>; null if the process ended first.
    /// </summary>
    public static async Task<ProcessSnapshot?> WaitForAsync(int pid, string name, string scratchMount, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var status = (await File.ReadAllLinesAsync($"/proc/{pid}/status", cancellationToken))
                    .Select(line => line.Split(':', 2))
                    .Where(parts => parts.Length == 2)
                    .ToDictionary(parts => parts[0], parts => parts[1].Trim());
                if (status["Name"] == name)
                {
                    var mounts = (await File.ReadAllLinesAsync($"/proc/{pid}/mountinfo", cancellationToken))
                        .Select(line => line.Split(' '))
                        .ToList();
                    // Fields: id, parent, major:minor, root, mount point, per-mount options, …; a later line
                    // at the same mount point is mounted on top of an earlier one.
                    string Options(string mountPoint) => mounts.Last(fields => fields[4] == mountPoint)[5];
                    return new ProcessSnapshot(status, Options("/"), Options(scratchMount));
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return null;
            }
            await Task.Delay(20, cancellationToken);
        }
        return null;
    }
}
