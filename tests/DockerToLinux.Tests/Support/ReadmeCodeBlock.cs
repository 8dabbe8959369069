using DockerToLinux.Tests.Architecture;

namespace DockerToLinux.Tests.Support;

/// <summary>Code the README shows, for tests that hold it to the file it quotes.</summary>
public static class ReadmeCodeBlock
{
    /// <summary>
    /// The text of the first fenced block in <paramref name="language"/> after the line <paramref name="heading"/>
    /// (for example <c>## Using d2l as a library</c>), without its fences.
    /// </summary>
    public static string After(string heading, string language)
    {
        string readme = File.ReadAllText(Path.Combine(ArchitectureTests.RepositoryRoot(), "README.md"));
        int section = readme.IndexOf($"\n{heading}\n", StringComparison.Ordinal);
        Assert.True(section >= 0, $"README.md has no '{heading}' heading");
        string fence = $"```{language}\n";
        int start = readme.IndexOf(fence, section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no {language} block after '{heading}'");
        start += fence.Length;
        return readme[start..readme.IndexOf("```\n", start, StringComparison.Ordinal)];
    }
}
