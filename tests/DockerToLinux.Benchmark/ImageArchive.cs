using System.Text.Json;

namespace DockerToLinux.Benchmark;

/// <summary>An oci-archive unpacked beside itself, so the benchmark can time tools on its layer blobs.</summary>
internal sealed class ImageArchive
{
    private ImageArchive(string archive, string folder, IReadOnlyList<string> layers)
    {
        Archive = archive;
        Folder = folder;
        LayerBlobs = layers;
    }

    /// <summary>The archive d2l reads.</summary>
    public string Archive { get; }

    /// <summary>The unpacked OCI layout.</summary>
    public string Folder { get; }

    /// <summary>The layer blobs, base first, as files.</summary>
    public IReadOnlyList<string> LayerBlobs { get; }

    /// <summary>Unpacks <paramref name="archive"/> into <paramref name="folder"/> and finds its layers.</summary>
    public static ImageArchive Unpack(string archive, string folder)
    {
        Directory.CreateDirectory(folder);
        Shell.Run($"tar -xf {Shell.Quote(archive)} -C {Shell.Quote(folder)}");
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "index.json")));
        string manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllText(Blob(folder, manifestDigest)));
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray()
            .Select(layer => Blob(folder, layer.GetProperty("digest").GetString()!)).ToList();
        return new ImageArchive(archive, folder, layers);
    }

    /// <summary>Reads every input once so that timed runs start with a warm page cache.</summary>
    public void WarmCache() => Shell.Run($"cat {Shell.Quote(Archive)} {string.Join(' ', LayerBlobs.Select(Shell.Quote))} > /dev/null");

    private static string Blob(string folder, string digest) => Path.Combine(folder, "blobs", "sha256", digest["sha256:".Length..]);
}
