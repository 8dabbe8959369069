namespace DockerToLinux.Inspect;

/// <summary>One layer as <c>d2l inspect</c> sees it after streaming it once.</summary>
/// <param name="Digest">The blob digest.</param>
/// <param name="MediaType">The layer's media type.</param>
/// <param name="CompressedSize">The blob's size as stored.</param>
/// <param name="UncompressedSize">The size of its tar.</param>
/// <param name="FilesAdded">Paths it creates that no lower layer had.</param>
/// <param name="FilesChanged">Paths it replaces (directories that merge are not counted).</param>
/// <param name="FilesDeleted">Paths of lower layers it removes (whiteouts and opaque directories, subtrees included).</param>
/// <param name="WastedBytes">Bytes of this layer's files that later layers delete or replace: shipped, never seen.</param>
/// <param name="CreatedBy">The history step that made it, when the history says.</param>
public sealed record LayerReport(
    string Digest,
    string MediaType,
    long CompressedSize,
    long UncompressedSize,
    int FilesAdded,
    int FilesChanged,
    int FilesDeleted,
    long WastedBytes,
    string? CreatedBy);
