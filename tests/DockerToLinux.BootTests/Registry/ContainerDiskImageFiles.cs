using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Registry;

/// <summary>
/// A containerDisk image read back the way a cluster would get it: <c>skopeo copy</c> from the registry into an
/// OCI layout, its one layer unpacked with GNU tar (owners kept), and the tar listing of that layer.
/// </summary>
public sealed class ContainerDiskImageFiles
{
    private ContainerDiskImageFiles(string folder, string listing)
    {
        Folder = folder;
        Listing = listing;
    }

    /// <summary>Where the layer was unpacked; the disk is under <c>disk/</c>.</summary>
    public string Folder { get; }

    /// <summary><c>tar tv</c> of the layer: mode, owner, size, time and name per member.</summary>
    public string Listing { get; }

    /// <summary>Copies <paramref name="reference"/> (docker://…) with skopeo and unpacks its only layer under <paramref name="temp"/>.</summary>
    public static ContainerDiskImageFiles Pull(TempDir temp, string reference, string name, string? credentials = null)
    {
        string layout = temp.File($"{name}-layout");
        var args = new List<string> { "--insecure-policy", "copy", "-q", "--src-tls-verify=false" };
        if (credentials is not null)
        {
            args.Add($"--src-creds={credentials}");
        }
        args.AddRange([reference, $"oci:{layout}:pulled"]);
        Tool.Run("skopeo", args, stdin: null).EnsureSuccess("skopeo copy of the containerDisk");
        string manifest = Tool.Shell($"jq -r '.manifests[0].digest' {layout}/index.json").EnsureSuccess("index").StdOut.Trim();
        string layer = Tool.Shell($"jq -r '.layers | length, .[0].digest' {layout}/blobs/sha256/{manifest[7..]}").EnsureSuccess("manifest").StdOut.Trim();
        var parts = layer.Split('\n');
        if (parts[0] != "1")
        {
            throw new InvalidOperationException($"the containerDisk has {parts[0]} layers, not one");
        }
        string blob = $"{layout}/blobs/sha256/{parts[1][7..]}";
        string folder = temp.File($"{name}-files");
        Directory.CreateDirectory(folder);
        string listing = Tool.Run("tar", "-tvf", blob).EnsureSuccess("tar -tv of the layer").StdOut;
        Tool.Run("tar", "--same-owner", "-xpf", blob, "-C", folder).EnsureSuccess("tar -x of the layer");
        return new ContainerDiskImageFiles(folder, listing);
    }
}
