using System.Text.Json.Nodes;

namespace DockerToLinux.Tests.Fuzz;

/// <summary>
/// Mutates image metadata JSON (indexes, manifests, configs, docker manifest.json) the way broken or hostile
/// files differ from valid ones: values of the wrong type, missing fields, huge and fractional numbers,
/// malformed or escaping digests, unknown media types, deep nesting.
/// </summary>
public static class JsonMutator
{
    private static readonly string[] HostileJson =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "18446744073709551616", "-9223372036854775809", "9223372036854775807",
        "\"\"", "\"x\"", "\"sha256:" + new string('a', 64) + "\"", "\"sha256:../../../../etc/passwd\"", "\"sha512:abc\"",
        "\"md5:d41d8cd98f00b204e9800998ecf8427e\"", "\"application/vnd.example.unknown+json\"", "\"application/vnd.oci.image.index.v1+json\"",
        "\"application/vnd.oci.image.manifest.v1+json\"", "\"../../etc/passwd\"", "\"/etc/shadow\"", "[]", "{}", "[1, \"a\", null]",
        "{\"os\": 1}", new string('[', 70) + new string(']', 70), "\"" + new string('w', 100_000) + "\"",
    ];

    private static readonly string[] Keys =
        ["mediaType", "digest", "size", "manifests", "layers", "config", "platform", "os", "architecture", "rootfs", "diff_ids", "schemaVersion", "annotations", "Config", "Layers", "RepoTags", "urls"];

    /// <summary>A mutated deep copy of <paramref name="document"/> (one to three changes).</summary>
    public static JsonNode Mutate(JsonNode document, Random random)
    {
        var copy = document.DeepClone();
        for (int count = random.Next(1, 4); count > 0; count--)
        {
            var places = new List<(JsonNode Parent, string? Key, int Index)>();
            Collect(copy, places);
            if (places.Count == 0)
            {
                return Parse(Hostile(random)) ?? JsonValue.Create(0);
            }
            var (parent, key, index) = places[random.Next(places.Count)];
            switch (random.Next(5))
            {
                case 0 or 1:
                    Replace(parent, key, index, Parse(Hostile(random)));
                    break;
                case 2:
                    Remove(parent, key, index);
                    break;
                case 3 when Child(parent, key, index) is JsonObject target:
                    target[Keys[random.Next(Keys.Length)]] = Parse(Hostile(random));
                    break;
                case 4 when Child(parent, key, index) is JsonArray array && array.Count > 0:
                    array.Add(array[random.Next(array.Count)]?.DeepClone());
                    break;
                default:
                    Replace(parent, key, index, Parse(Hostile(random)));
                    break;
            }
        }
        return copy;
    }

    private static readonly System.Text.Json.JsonSerializerOptions DeepWriting = new() { MaxDepth = 1000 };

    /// <summary>The document's bytes; nesting deeper than System.Text.Json's default is written as is.</summary>
    public static byte[] Serialize(JsonNode node) => System.Text.Encoding.UTF8.GetBytes(node.ToJsonString(DeepWriting));

    private static JsonNode? Parse(string json) => JsonNode.Parse(json, null, new System.Text.Json.JsonDocumentOptions { MaxDepth = 1000 });

    private static string Hostile(Random random) => HostileJson[random.Next(HostileJson.Length)];

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> places)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    places.Add((obj, key, -1));
                    if (child is not null)
                    {
                        Collect(child, places);
                    }
                }
                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    places.Add((array, null, i));
                    if (array[i] is { } child)
                    {
                        Collect(child, places);
                    }
                }
                break;
        }
    }

    private static JsonNode? Child(JsonNode parent, string? key, int index) => key is not null ? parent[key] : parent[index];

    private static void Replace(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null)
        {
            parent[key] = value;
        }
        else
        {
            parent[index] = value;
        }
    }

    private static void Remove(JsonNode parent, string? key, int index)
    {
        if (parent is JsonObject obj && key is not null)
        {
            obj.Remove(key);
        }
        else if (parent is JsonArray array)
        {
            array.RemoveAt(index);
        }
    }
}
