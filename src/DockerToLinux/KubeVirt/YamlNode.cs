namespace DockerToLinux.KubeVirt;

/// <summary>A node of the small YAML documents d2l writes: a string, a plain token, a mapping or a sequence.</summary>
internal abstract record YamlNode;
