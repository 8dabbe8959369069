namespace DockerToLinux.KubeVirt;

/// <summary>A mapping whose keys are written in the order given (Kubernetes manifests read best in their API's order).</summary>
/// <param name="Entries">The keys (plain identifiers) and their values.</param>
internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<string, YamlNode>> Entries) : YamlNode
{
    /// <summary>A mapping of <paramref name="entries"/>.</summary>
    public static YamlMapping Of(params (string Key, YamlNode Value)[] entries) =>
        new([.. entries.Select(entry => KeyValuePair.Create(entry.Key, entry.Value))]);
}
