using System.Text.Json;

namespace DockerToLinux.Images;

/// <summary>
/// Reads the small JSON files of a layout (index, manifests, configs) with a size limit, checks their
/// digest when one is given, and turns every JSON or shape problem into a one-line bad-input error.
/// </summary>
internal static class JsonBlobs
{
    private const int MaxJsonBytes = 16 * Units.MiB;

    /// <summary>The bytes of a small file, verified against <paramref name="digest"/> when given.</summary>
    public static async Task<byte[]> ReadAsync(IBlobStore store, string path, Digest? digest, string input, string what,
        CancellationToken cancellationToken, long? declaredSize = null)
    {
        long length = store.GetLength(path) ?? throw D2lException.BadInput(input, $"{what} is missing ('{path}')");
        if (declaredSize is { } declared && declared != length)
        {
            throw D2lException.BadInput(input, $"{what} {digest} size mismatch (descriptor says {declared} bytes, blob has {length})");
        }
        if (length > MaxJsonBytes)
        {
            throw D2lException.BadInput(input, $"{what} is {length} bytes, too large for JSON metadata");
        }
        var data = new byte[length];
        await using (var stream = store.Open(path))
        {
            await stream.ReadExactlyAsync(data, cancellationToken);
        }
        if (digest is not null)
        {
            var actual = digest.Algorithm == "sha256"
                ? Digest.Sha256Of(data)
                : new Digest("sha512", Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(data)));
            if (actual != digest)
            {
                throw D2lException.BadInput(input, $"{what} {digest} digest mismatch (got {actual})");
            }
        }
        return data;
    }

    /// <summary>Parses JSON whose top level must be an object (or an array when <paramref name="array"/>).</summary>
    public static JsonElement Parse(byte[] data, string input, string what, bool array = false)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement.Clone();
            var expected = array ? JsonValueKind.Array : JsonValueKind.Object;
            return root.ValueKind == expected
                ? root
                : throw D2lException.BadInput(input, $"{what} is not a JSON {(array ? "array" : "object")}");
        }
        catch (JsonException error)
        {
            throw D2lException.BadInput(input, $"{what} is not valid JSON ({error.Message})", error);
        }
    }

    /// <summary>
    /// A field of a JSON object, found the way Go's encoding/json fills a struct field, which is how Docker,
    /// containerd and podman read these files: the key matches without regard to case (jib writes manifest.json
    /// with <c>config</c>, <c>repoTags</c>, <c>layers</c>, and <c>docker load</c> takes it), and when several
    /// keys match, the last one wins.
    /// </summary>
    public static bool TryGetField(this JsonElement element, string name, out JsonElement value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        bool found = false;
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                found = true;
            }
        }
        return found;
    }

    /// <summary>
    /// An entry of a JSON map such as <c>annotations</c>: unlike a struct field, a map key matches exactly.
    /// </summary>
    public static string? MapString(this JsonElement map, string key) =>
        map.ValueKind == JsonValueKind.Object && map.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A string field (see <see cref="TryGetField"/>), or null when absent or not a string.</summary>
    public static string? String(this JsonElement element, string name) =>
        element.TryGetField(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>An object or array field (see <see cref="TryGetField"/>), or null.</summary>
    public static JsonElement? Child(this JsonElement element, string name) =>
        element.TryGetField(name, out var value) && value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? value
            : null;

    /// <summary>A string array field, or null when absent; non-strings make it bad input.</summary>
    public static List<string>? Strings(this JsonElement element, string name, string input, string what)
    {
        if (element.Child(name) is not { ValueKind: JsonValueKind.Array } array)
        {
            return null;
        }
        return array.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw D2lException.BadInput(input, $"{what}: '{name}' holds a non-string"))
            .ToList();
    }

    /// <summary>A date property, or null when absent or unparseable (dates are informational only).</summary>
    public static DateTimeOffset? Date(this JsonElement element, string name) =>
        DateTimeOffset.TryParse(element.String(name), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind, out var date) ? date : null;

    /// <summary>
    /// A descriptor's <c>size</c>, or null when absent; anything but a whole number of bytes (a string, a
    /// fraction, a negative or out-of-range number) makes it bad input.
    /// </summary>
    public static long? DeclaredSize(this JsonElement descriptor, string input, string what)
    {
        if (!descriptor.TryGetField("size", out var size))
        {
            return null;
        }
        return size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out long bytes) && bytes >= 0
            ? bytes
            : throw D2lException.BadInput(input, $"{what} has a size that is not a byte count ({Shorten(size.GetRawText())})");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>A digest property; missing or malformed makes it bad input.</summary>
    public static Digest RequireDigest(this JsonElement element, string input, string what) =>
        Digest.TryParse(element.String("digest"), out var digest)
            ? digest
            : throw D2lException.BadInput(input, $"{what} has no valid digest");
}
