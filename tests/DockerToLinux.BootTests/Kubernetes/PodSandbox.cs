using System.Diagnostics;

namespace DockerToLinux.BootTests.Kubernetes;

/// <summary>
/// Runs a command of an extracted image the way deploy/d2l-job.yaml runs d2l in its pod: in a private mount
/// namespace, chrooted into a read-only bind mount of the image's root with a writable folder where the Job
/// mounts its emptyDir (on disk, as an emptyDir is by default), /proc, a /dev with the usual devices, the
/// source folder read-only at <see cref="SourceMount"/> and the registry Secret's folder read-only where the
/// Job mounts it; under the image's own setpriv as the Job's user and group, with no supplementary groups, no
/// capabilities in any set and no_new_privs, and only the given environment. The runtime's seccomp profile is
/// not applied (nothing here loads one). Every step execs, so the started process's id ends up being the
/// command's own.
/// </summary>
public static class PodSandbox
{
    /// <summary>Where the source folder appears inside the root.</summary>
    public const string SourceMount = "/src";

    // Runs as root outside the chroot; "$@" is the command that enters it. The mount points are made in the
    // extracted root first, as a container runtime makes them.
    private const string Script = """
        set -eu
        root=$1 scratch=$2 scratch_at=$3 source=$4 secret=$5 secret_at=$6
        shift 6
        mkdir -p "$root/src" "$root$scratch_at" "$root$secret_at"
        mount --bind "$root" "$root"
        mount --bind "$scratch" "$root$scratch_at"
        mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
        mount -t tmpfs -o mode=755,nosuid tmpfs "$root/dev"
        for device in null zero full random urandom; do
            : >"$root/dev/$device"
            mount --bind "/dev/$device" "$root/dev/$device"
        done
        mount --bind -o ro "$source" "$root/src"
        mount --bind -o ro "$secret" "$root$secret_at"
        mount -o remount,bind,ro "$root"
        exec "$@"
        """;

    /// <summary>
    /// Starts <paramref name="command"/> (an absolute path in the root and its arguments) with stdout and stderr
    /// redirected; <paramref name="scratchFolder"/> must be writable by the Job's user.
    /// </summary>
    public static Process Start(string root, JobManifest job, string scratchFolder, string sourceFolder, string secretFolder,
        IEnumerable<string> environment, IEnumerable<string> command)
    {
        var info = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--mount", "--propagation", "private", "bash", "-c", Script, "pod-sandbox",
            root, scratchFolder, job.ScratchMount, sourceFolder, secretFolder, job.SecretMount,
            "env", "-i", .. environment, "chroot", root,
            "/usr/bin/setpriv", $"--reuid={job.RunAsUser}", $"--regid={job.RunAsGroup}", "--clear-groups", "--no-new-privs",
            "--inh-caps=-all", "--bounding-set=-all", "--", .. command,
        ];
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start unshare");
    }
}
