using DockerToLinux.KubeVirt;
using YamlDotNet.Core;

namespace DockerToLinux.Tests.KubeVirt;

/// <summary>d2l's YAML writer keeps every string a string: YamlDotNet reads back each hostile one exactly, never plain.</summary>
public sealed class YamlQuotingTests
{
    // Strings a YAML reader takes for booleans, nulls, numbers, dates, structure, indicators or something else.
    public static TheoryData<string> Hostile() =>
    [
        "yes", "No", "on", "OFF", "y", "n", "true", "null", "~", "", "1e3", "0x1F", "0o17", "1_000", "12:30", ".inf", "-.5", "+1",
        "2026-12-05", "a: b", "a:", "a #b", "#comment", " lead", "trail ", "-dash", "- item", "?q", "[x]", "{x}", "*alias", "&anchor",
        "!tag", "%dir", "@at", "`tick", "|pipe", ">fold", "'single", "\"double", "=", "<<", "tab\tinside", "quote\"back\\slash",
        "nel\u0085line", "ls\u2028line", "bom\ufeff", "bell\u0007", "cr\rlf", "multi\nline\n", "multi\nline", "ends\n\n\n", "\n\nlead",
        " lead\nline", "x\r\ny", "  \nx", "emoji 😀 ok",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_string_as_a_mapping_value_and_as_a_list_item_reads_back_exactly_and_not_as_a_plain_scalar(string value)
    {
        string yaml = YamlWriter.Write(YamlMapping.Of(("value", new YamlText(value)), ("list", new YamlSequence([new YamlText(value), new YamlText("next")]))));
        var root = YamlTree.Parse(yaml);

        foreach (var scalar in new[] { YamlTree.Scalar(root, "value"), YamlTree.Scalar(root, "list.0") })
        {
            Assert.Equal(value, scalar.Value);
            Assert.NotEqual(ScalarStyle.Plain, scalar.Style);
        }
        Assert.Equal("next", YamlTree.Scalar(root, "list.1").Value);
    }

    [Theory]
    [InlineData("debian")]
    [InlineData("virtio")]
    [InlineData("kubevirt.io/v1")]
    [InlineData("ssh-ed25519 AAAAC3Nza+/= alice@laptop")]
    public void An_ordinary_word_stays_plain_and_reads_back_exactly(string value)
    {
        var scalar = YamlTree.Scalar(YamlTree.Parse(YamlWriter.Write(YamlMapping.Of(("value", new YamlText(value))))), "value");

        Assert.Equal((value, ScalarStyle.Plain), (scalar.Value, scalar.Style));
    }
}
