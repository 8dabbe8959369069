namespace DockerToLinux.KubeVirt;

/// <summary>A string, written plain only when no YAML reader could take it for anything else.</summary>
/// <param name="Value">The string.</param>
internal sealed record YamlText(string Value) : YamlNode;
