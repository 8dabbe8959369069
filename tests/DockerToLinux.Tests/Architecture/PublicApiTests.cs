using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Architecture;

/// <summary>
/// The library publishes what a program building, converting, booting and inspecting disks needs, and nothing
/// more: a new public type or member is a decision about the published API, made by approving it here.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_library_publishes_exactly_the_approved_types_and_members()
    {
        var actual = PublicSurface.Of(typeof(D2lException).Assembly);

        var added = actual.Except(ApprovedPublicApi.Lines, StringComparer.Ordinal).ToList();
        var removed = ApprovedPublicApi.Lines.Except(actual, StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            "the library's public API differs from the approved one.\n"
            + $"added:\n  {string.Join("\n  ", added)}\nremoved:\n  {string.Join("\n  ", removed)}\n"
            + "If the change is meant, and every new public member says what a caller needs to know, approve it: "
            + "replace the lines of tests/DockerToLinux.Tests/Architecture/ApprovedPublicApi.cs with these:\n"
            + string.Join("\n", actual.Select(line => $"        \"{line.Replace("\"", "\\\"", StringComparison.Ordinal)}\",")));
    }

    [Fact]
    public void The_surface_reader_writes_nullability_and_leaves_out_internal_types_and_members()
    {
        var surface = PublicSurface.Of(typeof(D2lException).Assembly);

        Assert.Contains("DockerToLinux.Pipeline.DiskBuilder: Task<BuildResult> BuildAsync(BuildOptions options, "
            + "IProgress<BuildProgress>? progress, CancellationToken cancellationToken)", surface);
        // An internal type (VdiHeader) and an internal constant of a public type (DiskBuilder.PartitionStart).
        Assert.DoesNotContain(surface, line => line.Contains("VdiHeader", StringComparison.Ordinal)
            || line.Contains("PartitionStart", StringComparison.Ordinal));
    }

    [Fact]
    public void The_README_library_example_is_the_sample_program_the_solution_builds()
    {
        string sample = Path.Combine(ArchitectureTests.RepositoryRoot(), "samples", "BuildAndBoot", "Program.cs");

        Assert.Equal(File.ReadAllText(sample), ReadmeCodeBlock.After("## Using d2l as a library", "csharp"));
    }
}
