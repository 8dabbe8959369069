using System.Text.RegularExpressions;

namespace DockerToLinux.Images;

/// <summary>
/// Turns a user's image reference into an <see cref="IImageSource"/>, with skopeo's transport names:
/// <c>oci-archive:PATH[:REF]</c>, <c>docker-archive:PATH[:TAG]</c>, <c>oci:DIR[:REF]</c>,
/// <c>docker://[HOST/]REPO[:TAG|@DIGEST]</c> (a registry), <c>docker-daemon:NAME[:TAG]</c> (the local engine),
/// <c>rootfs:PATH</c> (a flattened filesystem tarball), <c>dir:DIR</c> (a containers/image dir: folder), or a
/// bare path whose content tells what it is (a folder is an OCI layout or a dir: folder, a file an archive of
/// either kind).
/// </summary>
internal static partial class ImageSource
{
    private static readonly string[] KnownTransports = ["oci-archive", "docker-archive", "oci", "docker", "docker-daemon", "rootfs", "dir"];

    /// <summary>Parses a reference, selecting linux/amd64 from multi-platform images.</summary>
    public static IImageSource Parse(string reference) => Parse(reference, new ImageSourceOptions());

    /// <summary>Parses a reference with explicit options (for example another platform).</summary>
    /// <exception cref="D2lException">The reference is empty or names an unknown transport.</exception>
    public static IImageSource Parse(string reference, ImageSourceOptions options)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw D2lException.BadInput("image", "no image reference given");
        }
        var match = TransportPattern().Match(reference);
        // A bare path that exists wins over a transport reading, so "a:b.tar" in the current folder works.
        if (!match.Success || Path.Exists(reference))
        {
            var kind = Directory.Exists(reference) ? LayoutKind.OciDirectory : LayoutKind.Archive;
            return new LayoutImageSource(reference, reference, null, kind, options);
        }
        string transport = match.Groups[1].Value;
        string rest = match.Groups[2].Value;
        switch (transport)
        {
            case "docker":
                return rest.StartsWith("//", StringComparison.Ordinal)
                    ? new RegistryImageSource(reference, RegistryReference.Parse(rest[2..]), options)
                    : throw D2lException.BadInput(reference, "a registry image is written docker://[HOST[:PORT]/]REPOSITORY[:TAG|@DIGEST]");
            case "docker-daemon":
                return rest.Length > 0
                    ? new EngineImageSource(reference, rest, options)
                    : throw D2lException.BadInput(reference, "an engine image is written docker-daemon:NAME[:TAG]");
            case "rootfs":
                return new RootFsImageSource(reference, rest, options);
        }
        var layout = transport switch
        {
            "oci-archive" => LayoutKind.OciArchive,
            "docker-archive" => LayoutKind.DockerArchive,
            "oci" or "dir" => LayoutKind.OciDirectory,
            _ => throw D2lException.BadInput(reference, $"unknown transport '{transport}:' (known: {string.Join(", ", KnownTransports)}, or a path)"),
        };
        var (path, name) = SplitReference(rest);
        return new LayoutImageSource(reference, path, name, layout, options);
    }

    // "PATH:REF": the path itself may contain colons, so the split is only taken when the whole does not exist.
    private static (string Path, string? Reference) SplitReference(string rest)
    {
        int colon = rest.LastIndexOf(':');
        if (Path.Exists(rest) || colon <= 0 || colon == rest.Length - 1)
        {
            return (rest, null);
        }
        string path = rest[..colon];
        string name = rest[(colon + 1)..];
        // "PATH:name:tag" for docker-archive: the tag has a colon too.
        int second = path.LastIndexOf(':');
        if (!Path.Exists(path) && second > 0 && Path.Exists(path[..second]))
        {
            return (path[..second], rest[(second + 1)..]);
        }
        return (path, name);
    }

    [GeneratedRegex("^([a-z][a-z0-9-]*):(.*)$")]
    private static partial Regex TransportPattern();
}
