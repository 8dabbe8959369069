namespace DockerToLinux.KubeVirt;

/// <summary>A boolean or a number, written as it is so that YAML reads it as that type.</summary>
/// <param name="Value">The token: <c>true</c>, <c>false</c> or an integer.</param>
internal sealed record YamlToken(string Value) : YamlNode
{
    /// <summary>A boolean.</summary>
    public static YamlToken Of(bool value) => new(value ? "true" : "false");

    /// <summary>An integer.</summary>
    public static YamlToken Of(long value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
