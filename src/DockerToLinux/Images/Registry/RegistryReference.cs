using System.Text.RegularExpressions;

namespace DockerToLinux.Images;

/// <summary>
/// An image in a registry, as <c>docker://[HOST[:PORT]/]REPO[:TAG|@DIGEST]</c> names it, with Docker Hub's
/// defaults: no host means registry-1.docker.io, and a one-part name there means an official image
/// (<c>library/NAME</c>).
/// </summary>
/// <param name="Host">The registry as host[:port].</param>
/// <param name="Repository">The repository path, for example <c>library/debian</c>.</param>
/// <param name="Tag">The tag, when the reference names one.</param>
/// <param name="Digest">The manifest digest, when the reference pins one.</param>
internal sealed partial record RegistryReference(string Host, string Repository, string? Tag, Digest? Digest)
{
    /// <summary>Docker Hub's registry endpoint.</summary>
    public const string DockerHubHost = "registry-1.docker.io";

    /// <summary>What the manifest request asks for: the digest when pinned, else the tag.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? "latest";

    /// <summary>
    /// True for hosts Docker talks to over plain HTTP without being told: localhost and 127.0.0.0/8 (and ::1).
    /// </summary>
    public bool IsLoopback
    {
        get
        {
            string name = HostName;
            return name is "localhost" or "::1" or "[::1]"
                || (System.Net.IPAddress.TryParse(name, out var address) && System.Net.IPAddress.IsLoopback(address));
        }
    }

    /// <summary>The host without its port.</summary>
    public string HostName => Host.StartsWith('[') ? Host[..(Host.IndexOf(']') + 1)]
        : Host.Contains(':') ? Host[..Host.LastIndexOf(':')] : Host;

    /// <summary>Parses what follows <c>docker://</c>.</summary>
    /// <exception cref="D2lException">The reference is malformed.</exception>
    public static RegistryReference Parse(string text)
    {
        string original = text;
        string rest = text;
        Digest? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            if (!Images.Digest.TryParse(rest[(at + 1)..], out digest))
            {
                throw D2lException.BadInput(original, $"'{rest[(at + 1)..]}' is not a sha256 digest");
            }
            rest = rest[..at];
        }
        string host = DockerHubHost;
        int slash = rest.IndexOf('/');
        if (slash > 0 && (rest[..slash].Contains('.') || rest[..slash].Contains(':') || rest[..slash] == "localhost"))
        {
            host = rest[..slash];
            rest = rest[(slash + 1)..];
        }
        if (host is "docker.io" or "index.docker.io")
        {
            host = DockerHubHost;
        }
        string? tag = null;
        int colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                throw D2lException.BadInput(original, $"'{tag}' is not a valid tag");
            }
        }
        if (!RepositoryPattern().IsMatch(rest))
        {
            throw D2lException.BadInput(original, "not a registry reference: [HOST[:PORT]/]REPOSITORY[:TAG|@sha256:DIGEST], repository in lower case");
        }
        if (host == DockerHubHost && !rest.Contains('/'))
        {
            rest = "library/" + rest;
        }
        return new RegistryReference(host, rest, tag ?? (digest is null ? "latest" : null), digest);
    }

    /// <summary>The reference written back in its full form.</summary>
    public override string ToString() => $"{Host}/{Repository}" + (Tag is null ? "" : $":{Tag}") + (Digest is null ? "" : $"@{Digest}");

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
