using System.Text;
using DockerToLinux.AppInit;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.AppInit;

/// <summary>
/// A small root folder with the app init in <c>/.d2l/</c> (this machine's static busybox from Debian's
/// busybox-static standing in for the kernel image's), run as PID 1 of fresh PID, mount, UTS and network
/// namespaces: everything but the power-off, which <c>d2l_sandbox=1</c> replaces by an exit with the app's status.
/// The control and status ports are a FIFO and a file.
/// </summary>
internal sealed class InitSandbox : IDisposable
{
    private const string HostBusybox = "/bin/busybox";
    private readonly TempDir _dir = new();

    /// <summary>Makes the root: busybox at /bin (with /bin/sh), accounts, a /work folder and the init's files.</summary>
    public InitSandbox()
    {
        foreach (string folder in new[] { ".d2l/run", "bin", "etc", "proc", "sys", "dev", "run", "tmp", "work" })
        {
            Directory.CreateDirectory(Path.Combine(Root, folder));
        }
        File.Copy(HostBusybox, Path.Combine(Root, ".d2l/busybox"));
        File.Copy(HostBusybox, Path.Combine(Root, "bin/busybox"));
        File.CreateSymbolicLink(Path.Combine(Root, "bin/sh"), "busybox");
        File.SetUnixFileMode(Path.Combine(Root, "work"), (UnixFileMode)0b111_111_111);
        Write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
        Write("etc/group", "root:x:0:\napp:x:1000:\nextra:x:2000:app\n");
        Write(".d2l/init", InitScripts.Init, executable: true);
        Write(".d2l/dhcp", InitScripts.Dhcp, executable: true);
        Tool.Run("mkfifo", Path.Combine(Root, ".d2l/control")).EnsureSuccess("mkfifo");
    }

    /// <summary>The root folder on this machine.</summary>
    public string Root => _dir.Path;

    /// <summary>Writes a file under the root, optionally executable.</summary>
    public void Write(string path, string text, bool executable = false)
    {
        string file = Path.Combine(Root, path);
        File.WriteAllText(file, text, new UTF8Encoding(false));
        if (executable)
        {
            File.SetUnixFileMode(file, (UnixFileMode)0b111_101_101);
        }
    }

    /// <summary>Writes the generated files for <paramref name="launch"/> with the sandbox's ports.</summary>
    public void Prepare(AppLaunch launch)
    {
        var local = launch with { ControlPort = "/.d2l/control", StatusPort = "/.d2l/status" };
        Write(".d2l/settings", AppInitFiles.Settings(local));
        Write(".d2l/app", AppInitFiles.App(local), executable: true);
        Write(".d2l/status", string.Empty);
    }

    /// <summary>The status lines the init wrote.</summary>
    public string Status => File.ReadAllText(Path.Combine(Root, ".d2l/status"));

    /// <summary>Runs the init as PID 1; <paramref name="whileRunning"/> runs beside it (to send a stop request).</summary>
    public ToolResult Run(Action<InitSandbox>? whileRunning = null)
    {
        // PID 1 of a VM has only the console open; the test host may pass more descriptors down, so they are closed.
        string script = "for fd in /proc/$$/fd/*; do n=${fd##*/}; if [ \"$n\" -gt 2 ]; then eval \"exec $n>&-\"; fi; done; "
            + $"mount --bind {Root} {Root} && mount -t proc proc {Root}/proc && exec chroot {Root} /.d2l/busybox env -i d2l_sandbox=1 /.d2l/init";
        var helper = whileRunning is null ? Task.CompletedTask : Task.Run(() => whileRunning(this));
        var result = Tool.Run("unshare", ["--fork", "--pid", "--mount", "--uts", "--net", "bash", "-c", script], stdin: null, timeout: TimeSpan.FromSeconds(60));
        helper.GetAwaiter().GetResult();
        return result;
    }

    /// <summary>Waits until a file exists under the root (the app's sign that it is ready), then asks to stop.</summary>
    public void StopWhenReady(string readyFile)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(Path.Combine(Root, readyFile)) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        File.WriteAllText(Path.Combine(Root, ".d2l/control"), "stop\n");
    }

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}
