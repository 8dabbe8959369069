namespace DockerToLinux.KubeVirt;

/// <summary>A sequence of nodes.</summary>
/// <param name="Items">The items, in order.</param>
internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items) : YamlNode;
