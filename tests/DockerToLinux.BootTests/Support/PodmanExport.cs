using System.Collections.Concurrent;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// The referee for flattening: podman loads an image archive into private storage, creates a container
/// from it without running it, and exports its filesystem as a tar. Cached per archive for the test run.
/// </summary>
public static class PodmanExport
{
    // Lives as long as the test process; TestRunFolder removes it.
    private static readonly TempDir Folder = new();

    private static readonly ConcurrentDictionary<string, Lazy<string>> Exports = new();

    /// <summary>The path of <c>podman export</c>'s tar for the image in <paramref name="archive"/>.</summary>
    public static string Of(string archive, string transport = "oci-archive") =>
        Exports.GetOrAdd(archive, key => new Lazy<string>(() => Export(key, transport))).Value;

    private static string Export(string archive, string transport)
    {
        string name = $"x{Exports.Count}";
        string[] storage = ["--root", Folder.File($"{name}-storage"), "--runroot", Folder.File($"{name}-run"), "--storage-driver", "vfs"];
        string tag = $"localhost/d2l-referee-{name}:1";
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", $"{transport}:{archive}",
            $"containers-storage:[vfs@{Folder.File($"{name}-storage")}+{Folder.File($"{name}-run")}]{tag}").EnsureSuccess("skopeo copy");
        Tool.Run("podman", [.. storage, "create", "--name", name, tag, "/bin/true"], stdin: null).EnsureSuccess("podman create");
        string exported = Folder.File($"{name}.tar");
        Tool.Run("podman", [.. storage, "export", "-o", exported, name], stdin: null).EnsureSuccess("podman export");
        Tool.Run("podman", [.. storage, "rm", "-f", name], stdin: null);
        Tool.Run("podman", [.. storage, "rmi", "-af"], stdin: null);
        Directory.Delete(Folder.File($"{name}-storage"), recursive: true);
        return exported;
    }
}
