namespace DockerToLinux.RootFs;

/// <summary>
/// A name in a directory, pointing to a node, remembering which layer made it. A whiteout in layer k removes
/// only entries whose <see cref="Layer"/> is below k, which lets every layer be applied in one pass.
/// </summary>
/// <param name="Node">The object the name refers to.</param>
/// <param name="Layer">The index of the layer that created this name (0 = the base layer).</param>
internal sealed record FsEntry(FsNode Node, int Layer);
