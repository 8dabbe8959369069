using YamlDotNet.RepresentationModel;

namespace DockerToLinux.Tests.KubeVirt;

/// <summary>A YAML document read by YamlDotNet, an independent reader, and the paths and values in it.</summary>
public static class YamlTree
{
    /// <summary>The root mapping of <paramref name="yaml"/>, which must hold exactly one document.</summary>
    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        Assert.Single(stream.Documents);
        return Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);
    }

    /// <summary>Every key path in <paramref name="node"/>, dotted, with <c>[]</c> for a list's items.</summary>
    public static IEnumerable<string> Paths(YamlNode node, string prefix = "")
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    string path = prefix.Length == 0 ? ((YamlScalarNode)key).Value! : $"{prefix}.{((YamlScalarNode)key).Value}";
                    yield return path;
                    foreach (string below in Paths(value, path))
                    {
                        yield return below;
                    }
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    foreach (string below in Paths(item, prefix + "[]"))
                    {
                        yield return below;
                    }
                }
                break;
        }
    }

    /// <summary>The scalar at a dotted path of mapping keys (a number is a list index).</summary>
    public static YamlScalarNode Scalar(YamlNode root, string path) => Assert.IsType<YamlScalarNode>(Node(root, path));

    /// <summary>The node at a dotted path of mapping keys (a number is a list index).</summary>
    public static YamlNode Node(YamlNode root, string path)
    {
        var node = root;
        foreach (string step in path.Split('.'))
        {
            node = int.TryParse(step, out int index) ? ((YamlSequenceNode)node).Children[index] : ((YamlMappingNode)node).Children[new YamlScalarNode(step)];
        }
        return node;
    }
}
