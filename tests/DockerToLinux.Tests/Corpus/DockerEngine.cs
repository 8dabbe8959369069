using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// Debian's Docker engine (dockerd 20.10) for the tests of one class: the vfs storage driver, no iptables
/// and no bridge, its data, exec root, pid file and socket in a private folder. `docker load` and
/// `docker save` start no container, so this works where containers cannot run.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    private readonly Daemon _daemon = Daemon.Start("dockerd", (folder, socket) =>
    [
        "--storage-driver", "vfs", "--iptables=false", "--ip-masq=false", "--bridge=none",
        "--data-root", Path.Combine(folder, "data"), "--exec-root", Path.Combine(folder, "exec"),
        "--pidfile", Path.Combine(folder, "pid"), "-H", $"unix://{socket}",
    ]);

    /// <summary>The engine's address, as DOCKER_HOST gives it.</summary>
    public string Host => $"unix://{_daemon.Socket}";

    /// <summary>Runs the docker client against this engine.</summary>
    public ToolResult Docker(params string[] arguments) => Tool.Run("docker", ["-H", Host, .. arguments], stdin: null);

    public void Dispose() => _daemon.Dispose();
}
