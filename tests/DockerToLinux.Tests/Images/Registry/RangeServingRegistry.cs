namespace DockerToLinux.Tests.Images.Registry;

/// <summary>How a stand-in registry (or the host its blobs redirect to) answers a blob GET with a Range header.</summary>
public enum RangeAnswer
{
    /// <summary>206 with exactly the bytes asked, as Distribution answers.</summary>
    Honoured,

    /// <summary>416 Range Not Satisfiable, whatever the range.</summary>
    NotSatisfiable,

    /// <summary>200 with the whole blob, the Range header ignored.</summary>
    WholeBlob,

    /// <summary>206 with as many bytes from the blob's start, and a Content-Range that says so.</summary>
    FromTheStart,

    /// <summary>206 with only the first half of the bytes asked, and a Content-Range that says so.</summary>
    FewerBytes,

    /// <summary>206 claiming the bytes asked, but holding only the first of them.</summary>
    ShortBody,
}

/// <summary>
/// A registry without authentication that serves one OCI layout's image as <c>test/image:1</c>: manifests from
/// itself, blobs either from itself or, with a redirect, through a 307 to a second server on another port.
/// Whichever serves the blobs answers Range requests as <see cref="RangeAnswer"/> says; requests are recorded.
/// </summary>
public sealed class RangeServingRegistry : IDisposable
{
    private readonly string _layout;
    private readonly string _manifestDigest;
    private readonly RangeAnswer _ranges;
    private readonly ScriptedHttpServer? _blobHost;
    private readonly ScriptedHttpServer _registry;

    /// <param name="layout">An OCI layout folder.</param>
    /// <param name="manifestDigest">The image's manifest in it.</param>
    /// <param name="ranges">How blob ranges are answered.</param>
    /// <param name="redirectBlobs">Whether blob GETs are redirected to another host, which then applies <paramref name="ranges"/>.</param>
    public RangeServingRegistry(string layout, string manifestDigest, RangeAnswer ranges, bool redirectBlobs)
    {
        _layout = layout;
        _manifestDigest = manifestDigest;
        _ranges = ranges;
        _blobHost = redirectBlobs ? new ScriptedHttpServer((target, headers) => Blob(target, headers)) : null;
        _registry = new ScriptedHttpServer(Answer);
    }

    /// <summary>host:port of the registry.</summary>
    public string Host => _registry.Host;

    /// <summary>The requests for blobs, wherever they went: target and Range header ("" without one).</summary>
    public IEnumerable<(string Target, string Range)> BlobRequests =>
        (_blobHost ?? _registry).Requests.Where(request => request.Target.Contains("sha256:", StringComparison.Ordinal))
            .Select(request => (request.Target, request.Headers.GetValueOrDefault("range") ?? ""));

    private ScriptedAnswer Answer(string target, Dictionary<string, string> headers)
    {
        if (target.EndsWith("/manifests/1", StringComparison.Ordinal))
        {
            return new ScriptedAnswer("200 OK", ["Content-Type: application/vnd.oci.image.manifest.v1+json", $"Docker-Content-Digest: {_manifestDigest}"],
                Read(_manifestDigest));
        }
        if (_blobHost is not null)
        {
            return new ScriptedAnswer("307 Temporary Redirect", [$"Location: http://{_blobHost.Host}/signed/{Digest(target)}?expires=1"], []);
        }
        return Blob(target, headers);
    }

    private ScriptedAnswer Blob(string target, Dictionary<string, string> headers)
    {
        var blob = Read(Digest(target));
        if (!headers.TryGetValue("range", out string? range))
        {
            return new ScriptedAnswer("200 OK", ["Content-Type: application/octet-stream"], blob);
        }
        // Only the one form d2l sends: bytes=FIRST-LAST.
        var bounds = range["bytes=".Length..].Split('-');
        long first = long.Parse(bounds[0]);
        long last = bounds[1].Length == 0 ? blob.Length - 1 : long.Parse(bounds[1]);
        int length = (int)(last - first + 1);
        return _ranges switch
        {
            RangeAnswer.Honoured => Partial(blob, first, length, length),
            RangeAnswer.NotSatisfiable => new ScriptedAnswer("416 Range Not Satisfiable", [$"Content-Range: bytes */{blob.Length}"], []),
            RangeAnswer.WholeBlob => new ScriptedAnswer("200 OK", ["Content-Type: application/octet-stream"], blob),
            RangeAnswer.FromTheStart => Partial(blob, 0, length, length),
            RangeAnswer.FewerBytes => Partial(blob, first, Math.Max(1, length / 2), Math.Max(1, length / 2)),
            _ => new ScriptedAnswer("206 Partial Content", [$"Content-Range: bytes {first}-{last}/{blob.Length}"], blob[(int)first..((int)first + 1)]),
        };
    }

    private static ScriptedAnswer Partial(byte[] blob, long first, int claimed, int sent) =>
        new("206 Partial Content", [$"Content-Range: bytes {first}-{first + claimed - 1}/{blob.Length}"], blob[(int)first..((int)first + sent)]);

    private static string Digest(string target)
    {
        string name = target[(target.LastIndexOf('/') + 1)..];
        int query = name.IndexOf('?');
        return query < 0 ? name : name[..query];
    }

    private byte[] Read(string digest) => File.ReadAllBytes(Path.Combine(_layout, "blobs", "sha256", digest["sha256:".Length..]));

    public void Dispose()
    {
        _registry.Dispose();
        _blobHost?.Dispose();
    }
}
