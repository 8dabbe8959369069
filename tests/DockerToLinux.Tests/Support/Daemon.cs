using System.Diagnostics;

namespace DockerToLinux.Tests.Support;

/// <summary>
/// A daemon a test starts for itself (dockerd, containerd) with every path under a private temporary folder,
/// waited for until its socket answers, and stopped (by its own process id) when disposed.
/// </summary>
public sealed class Daemon : IDisposable
{
    private readonly Process _process;

    private Daemon(Process process, string folder, string socket)
    {
        _process = process;
        Folder = folder;
        Socket = socket;
    }

    /// <summary>The daemon's private folder.</summary>
    public string Folder { get; }

    /// <summary>The daemon's Unix socket.</summary>
    public string Socket { get; }

    /// <summary>Starts <paramref name="program"/> with the arguments <paramref name="arguments"/> makes from the private folder and socket.</summary>
    public static Daemon Start(string program, Func<string, string, string[]> arguments, TimeSpan? wait = null)
    {
        // Unix socket paths are limited to about 100 bytes: keep the folder short.
        string folder = Directory.CreateTempSubdirectory("d2l-").FullName;
        string socket = Path.Combine(folder, "sock");
        var info = new ProcessStartInfo(program, arguments(folder, socket))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new Daemon(process, folder, socket);
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(60));
        while (!File.Exists(socket))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                daemon.Dispose();
                lock (log)
                {
                    throw new InvalidOperationException($"{program} did not start:\n{log}");
                }
            }
            Thread.Sleep(100);
        }
        return daemon;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // A daemon asked to stop stops its children (dockerd's containerd) and stops writing its folder.
            Tool.Run("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!_process.WaitForExit(20_000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(20_000);
            }
        }
        _process.Dispose();
        // dockerd bind-mounts its data root; a daemon that had to be killed leaves such mounts behind.
        foreach (string mount in File.ReadLines("/proc/mounts").Select(line => line.Split(' ')[1]).Where(path => path.StartsWith(Folder, StringComparison.Ordinal)).Reverse())
        {
            Tool.Run("umount", "--lazy", mount);
        }
        // The vfs driver and containerd leave read-only folders behind; rm copes with them.
        Tool.Run("rm", "-rf", Folder);
    }
}
