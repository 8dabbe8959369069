namespace DockerToLinux.Tests.Support;

/// <summary>
/// The one folder under the system temp path that holds every temporary folder of this test process
/// (<c>d2l.PID</c>). The test host is often killed rather than exited, so disposal and exit handlers
/// cannot be trusted to run: each process instead removes the folders of test processes that are no longer
/// alive when it starts, and a run's sparse disks and exports never pile up on the machine.
/// </summary>
public static class TestRunFolder
{
    // Short: podman refuses a runroot path longer than 50 characters, and tests put theirs in here.
    private const string Prefix = "d2l.";

    private static readonly Lazy<string> Folder = new(Create);

    /// <summary>The folder's full path, created (world-writable, sticky) on first use.</summary>
    public static string Root => Folder.Value;

    private static string Create()
    {
        string temp = Path.GetTempPath();
        RemoveAbandoned(temp);
        string root = Path.Combine(temp, Prefix + Environment.ProcessId);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    }

    private static void RemoveAbandoned(string temp)
    {
        foreach (string folder in Directory.EnumerateDirectories(temp, Prefix + "*"))
        {
            string suffix = Path.GetFileName(folder)[Prefix.Length..];
            if (int.TryParse(suffix, out int pid) && !Directory.Exists($"/proc/{pid}"))
            {
                TryDelete(folder);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process may still hold a file in it; the next test run removes it.
        }
    }
}
