using System.Formats.Tar;
using System.Text.Json.Nodes;
using DockerToLinux.Images;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Fuzz;

/// <summary>
/// Mutated indexes, manifests and configs (OCI layouts) and manifest.json and configs (docker archives) read
/// by the real image readers and flattened: each opens and flattens, or is refused with a one-line bad-input
/// error. Most mutated blobs are stored under their new digest with the referring descriptor updated, so the
/// mutation reaches the parser behind the digest check.
/// </summary>
public class ImageFuzzTests
{
    private static readonly byte[] LayerTar = new TestLayer().Dir("etc").File("etc/os-release", "ID=fuzz").Symlink("bin", "usr/bin").ToArray();

    /// <summary>Opens an image and flattens all its layers, as a build does before writing the disk.</summary>
    internal static async Task OpenAndFlattenAsync(string reference)
    {
        await using var source = ImageSource.Parse(reference);
        var image = await source.OpenAsync(CancellationToken.None);
        var store = new MemoryContentStore();
        var tree = new FileTree(store.Release);
        for (int i = 0; i < image.Layers.Count; i++)
        {
            await using var tar = await image.Layers[i].OpenTarAsync(CancellationToken.None);
            await LayerApplier.ApplyAsync(tree, tar, i, store, CancellationToken.None);
        }
    }

    private static JsonObject ReadBlob(string layout, string digest) =>
        JsonNode.Parse(File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", digest[7..])))!.AsObject();

    // Stores a changed blob under its new digest and, usually, points the descriptor at it.
    private static void Store(string layout, JsonNode blob, JsonNode? descriptor, Random random)
    {
        byte[] bytes = JsonMutator.Serialize(blob);
        var written = OciLayoutWriter.WriteBlob(layout, bytes, "unused");
        if (descriptor is JsonObject target && random.NextDouble() < 0.9)
        {
            target["digest"] = written["digest"]!.DeepClone();
            target["size"] = written["size"]!.DeepClone();
        }
    }

    [Fact]
    public async Task Mutated_OCI_indexes_manifests_and_configs_open_or_are_refused_in_one_line()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        OciLayoutWriter.WriteLayout(layout, [OciLayoutWriter.Gzip(LayerTar), OciLayoutWriter.Plain(new TestLayer().File("srv/x", "x").ToArray())]);
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "index.json")))!.AsObject();
        var manifest = ReadBlob(layout, index["manifests"]![0]!["digest"]!.GetValue<string>());
        var config = ReadBlob(layout, manifest["config"]!["digest"]!.GetValue<string>());

        var (accepted, refused) = await FuzzRun.RunAsync("oci", 1500, async (random, _) =>
        {
            var newIndex = index.DeepClone();
            var newManifest = manifest.DeepClone();
            int target = random.Next(3);
            if (target == 2)
            {
                Store(layout, JsonMutator.Mutate(config, random), newManifest["config"], random);
            }
            if (target >= 1)
            {
                Store(layout, target == 1 ? JsonMutator.Mutate(newManifest, random) : newManifest,
                    newIndex["manifests"] is JsonArray { Count: > 0 } list ? list[0] : null, random);
            }
            File.WriteAllBytes(Path.Combine(layout, "index.json"), JsonMutator.Serialize(target == 0 ? JsonMutator.Mutate(newIndex, random) : newIndex));
            await OpenAndFlattenAsync($"oci:{layout}");
        });
        Assert.True(accepted > 75 && refused > 150, $"accepted {accepted}, refused {refused}: the mutations miss the parsers");
    }

    [Fact]
    public async Task Mutated_docker_archive_manifests_and_configs_open_or_are_refused_in_one_line()
    {
        using var temp = new TempDir();
        var config = OciLayoutWriter.Config([OciLayoutWriter.Plain(LayerTar)]);
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = "config.json",
            ["RepoTags"] = new JsonArray("fuzz:latest"),
            ["Layers"] = new JsonArray("layer/layer.tar"),
        });
        var (accepted, refused) = await FuzzRun.RunAsync("docker-archive", 600, async (random, index) =>
        {
            bool mutateConfig = random.Next(2) == 0;
            string archive = temp.File($"case-{index}.tar");
            await using (var file = File.Create(archive))
            await using (var writer = new TarWriter(file, TarEntryFormat.Pax))
            {
                Add(writer, "manifest.json", JsonMutator.Serialize(mutateConfig ? manifest : JsonMutator.Mutate(manifest, random)));
                Add(writer, "config.json", JsonMutator.Serialize(mutateConfig ? JsonMutator.Mutate(config, random) : config));
                Add(writer, "layer/layer.tar", LayerTar);
            }
            try
            {
                await OpenAndFlattenAsync($"docker-archive:{archive}");
            }
            finally
            {
                File.Delete(archive);
            }
        });
        Assert.True(accepted > 30 && refused > 60, $"accepted {accepted}, refused {refused}: the mutations miss the parsers");
    }

    private static void Add(TarWriter writer, string name, byte[] data) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
}
