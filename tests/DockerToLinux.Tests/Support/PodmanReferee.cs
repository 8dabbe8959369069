using DockerToLinux.Images;
using DockerToLinux.Tests.RootFs;

namespace DockerToLinux.Tests.Support;

/// <summary>
/// podman as the referee of a flattened image: the image goes into a private containers-storage (vfs), a
/// container is created from it (never started) and exported; the export is the tree podman's own layer
/// handling gives, to set beside d2l's.
/// </summary>
internal static class PodmanReferee
{
    // podman adds mount points and files of its own to every container; they are not the image's.
    private static readonly HashSet<string> PodmanOwn = ["/run", "/run/.containerenv", "/proc", "/sys", "/etc/hosts", "/etc/resolv.conf", "/etc/hostname"];

    /// <summary>Whether a path in an export belongs to the image rather than to podman.</summary>
    public static bool ImageOwn(string path) => !PodmanOwn.Contains(path) && !path.StartsWith("/run/", StringComparison.Ordinal);

    /// <summary>Exports the image <paramref name="imageReference"/> (a containers/image reference) and returns the tar's path.</summary>
    public static string Export(TempDir temp, string imageReference)
    {
        string[] storage = ["--root", temp.File("storage"), "--runroot", temp.File("run"), "--storage-driver", "vfs"];
        // Copied under a name of its own: podman would name an image from an OCI layout after the layout's
        // path, which is no valid image name when the path has capital letters (as mktemp's folders do).
        string store = $"containers-storage:[vfs@{temp.File("storage")}+{temp.File("run")}]localhost/referee:1";
        Tool.Run("skopeo", ["--insecure-policy", "copy", "-q", imageReference, store], stdin: null).EnsureSuccess("skopeo copy into storage");
        Tool.Run("podman", [.. storage, "create", "--name", "referee", "localhost/referee:1", "/bin/true"], stdin: null).EnsureSuccess("podman create");
        string exported = temp.File("export.tar");
        Tool.Run("podman", [.. storage, "export", "-o", exported, "referee"], stdin: null).EnsureSuccess("podman export");
        Tool.Run("podman", [.. storage, "rm", "-f", "referee"], stdin: null);
        Tool.Run("podman", [.. storage, "rmi", "-af"], stdin: null);
        return exported;
    }

    /// <summary>
    /// Asserts that d2l's tree of <paramref name="d2lReference"/> is podman's export of
    /// <paramref name="imageReference"/>, file for file (in whole seconds: podman's tar writer truncates times),
    /// and returns d2l's tree.
    /// </summary>
    public static async Task<TreeSnapshot> AssertSameTreeAsync(TempDir temp, string imageReference, string d2lReference)
    {
        var (theirs, theirStore) = await TreeSnapshot.FlattenAsync(await File.ReadAllBytesAsync(Export(temp, imageReference)));
        await using var source = ImageSource.Parse(d2lReference);
        var (ours, ourStore) = await TreeSnapshot.FlattenAsync(await source.OpenAsync(CancellationToken.None));
        var expected = TreeSnapshot.Of(theirs, theirStore, ImageOwn, wholeSeconds: true);
        var actual = TreeSnapshot.Of(ours, ourStore, ImageOwn, wholeSeconds: true);
        string diff = actual.DiffAgainst(expected);
        Assert.True(diff.Length == 0, $"{d2lReference} differs from podman's export of {imageReference}:\n{diff}");
        Assert.NotEmpty(actual.Entries);
        return actual;
    }
}
