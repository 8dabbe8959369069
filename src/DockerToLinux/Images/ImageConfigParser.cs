using System.Text.Json;

namespace DockerToLinux.Images;

/// <summary>Builds an <see cref="ImageConfig"/> from config JSON (OCI and Docker share the fields d2l reads).</summary>
internal static class ImageConfigParser
{
    public static ImageConfig Parse(JsonElement root, string input)
    {
        const string what = "image config";
        var runtime = root.Child("config") ?? root.Child("container_config");
        var history = root.Child("history") is { ValueKind: JsonValueKind.Array } items
            ? items.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object).Select(item => new ImageHistoryEntry(
                item.String("created_by"), item.Date("created"), item.String("comment"),
                item.TryGetField("empty_layer", out var empty) && empty.ValueKind == JsonValueKind.True)).ToList()
            : [];
        var diffIds = (root.Child("rootfs") is { } rootfs ? rootfs.Strings("diff_ids", input, what) : null)
            ?? throw D2lException.BadInput(input, "image config has no rootfs.diff_ids");
        return new ImageConfig(
            root.String("os") ?? throw D2lException.BadInput(input, "image config has no 'os'"),
            root.String("architecture") ?? throw D2lException.BadInput(input, "image config has no 'architecture'"),
            root.String("variant"),
            runtime?.Strings("Env", input, what) ?? [],
            runtime?.Strings("Entrypoint", input, what),
            runtime?.Strings("Cmd", input, what),
            NullIfEmpty(runtime?.String("User")),
            NullIfEmpty(runtime?.String("WorkingDir")),
            NullIfEmpty(runtime?.String("StopSignal")),
            root.Date("created"),
            history,
            diffIds.Select(id => Digest.TryParse(id, out var digest)
                ? digest
                : throw D2lException.BadInput(input, $"image config has a malformed diff_id '{id}'")).ToList());
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
