using System.Text.RegularExpressions;

namespace DockerToLinux.Tests.Architecture;

/// <summary>
/// The library's stages use only the stages <see cref="StageRules"/> allows them, read from the compiled
/// library, and the rule check itself finds the uses it must.
/// </summary>
public partial class ArchitectureTests
{
    private static readonly Lazy<IReadOnlyList<TypeDependency>> Library =
        new(() => AssemblyDependencies.Read(typeof(D2lException).Assembly.Location));

    [Fact]
    public void Every_type_of_the_library_uses_only_the_stages_its_stage_may_use()
    {
        var violations = StageRules.Violations(Library.Value);

        Assert.True(violations.Count == 0, "stage boundaries crossed:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_dependency_reader_sees_a_static_call_made_inside_an_async_method_as_the_callers_use()
    {
        // GrubInstaller calls TreeFiles.WriteAsync only from the state machine of an async method: the use is
        // found only if method bodies are read and compiler-made nested types count as their outer type.
        var uses = Library.Value;

        Assert.Contains(new TypeDependency("DockerToLinux.Boot.Grub.GrubInstaller", "DockerToLinux.Boot.Grub",
            "DockerToLinux.RootFs.TreeFiles", "DockerToLinux.RootFs"), uses);
    }

    [Fact]
    public void The_checker_reports_exactly_the_forbidden_uses_of_a_planted_list()
    {
        TypeDependency[] planted =
        [
            Use("DockerToLinux.Ext4", "DockerToLinux.RootFs"),
            Use("DockerToLinux.Ext4", "DockerToLinux.Pipeline"),
            Use("DockerToLinux.Disks.Vdi", "DockerToLinux.Images.Registry"),
            Use("DockerToLinux.Boot.Grub", "DockerToLinux"),
            Use("DockerToLinux.Boot.Uefi", "DockerToLinux.SystemPrep"),
            Use("DockerToLinux.Qemu", "System.IO"),
            Use("DockerToLinux.Inspect", "DockerToLinux.Cli"),
            Use("DockerToLinux.Cli", "DockerToLinux.Pipeline"),
        ];

        var violations = StageRules.Violations(planted);

        Assert.Equal(
        [
            "DockerToLinux.Boot.Uefi.User uses DockerToLinux.SystemPrep.Used: Boot may not use SystemPrep",
            "DockerToLinux.Disks.Vdi.User uses DockerToLinux.Images.Registry.Used: Disks may not use Images",
            "DockerToLinux.Ext4.User uses DockerToLinux.Pipeline.Used: Ext4 may not use Pipeline",
            "DockerToLinux.Inspect.User uses DockerToLinux.Cli.Used: Inspect may not use Cli",
        ], violations);
    }

    [Theory]
    [InlineData("Images")]
    [InlineData("RootFs")]
    [InlineData("Disks")]
    [InlineData("Ext4")]
    [InlineData("SystemPrep")]
    [InlineData("Boot")]
    [InlineData("Qemu")]
    [InlineData("Inspect")]
    [InlineData("Kernels")]
    [InlineData("AppInit")]
    [InlineData("Accounts")]
    [InlineData("Publish")]
    public void A_stage_that_uses_the_pipeline_is_reported(string stage)
    {
        var violations = StageRules.Violations([Use($"DockerToLinux.{stage}", "DockerToLinux.Pipeline")]);

        Assert.Equal([$"DockerToLinux.{stage}.User uses DockerToLinux.Pipeline.Used: {stage} may not use Pipeline"], violations);
    }

    [Fact]
    public void A_type_in_a_folder_without_a_row_is_reported()
    {
        var violations = StageRules.Violations([Use("DockerToLinux.Unplanned", "DockerToLinux.RootFs")]);

        Assert.Equal(["DockerToLinux.Unplanned.User: namespace DockerToLinux.Unplanned has no row in the stage table"], violations);
    }

    [Fact]
    public void The_README_stage_table_has_the_rows_the_test_enforces()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int start = readme.IndexOf("### Stage boundaries", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no 'Stage boundaries' section");
        var rows = readme[start..].Split('\n').Skip(1).TakeWhile(line => !line.StartsWith('#'))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|'))
            .ToDictionary(cells => Quoted(cells[1])[0], cells => Quoted(cells[2]).Order(StringComparer.Ordinal).ToList());

        var expected = StageRules.MayUse.ToDictionary(row => row.Key, row => row.Value.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(expected, rows);
    }

    private static TypeDependency Use(string fromNamespace, string toNamespace) =>
        new($"{fromNamespace}.User", fromNamespace, $"{toNamespace}.Used", toNamespace);

    private static List<string> Quoted(string cell) => [.. QuotedName().Matches(cell).Select(match => match.Groups[1].Value)];

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DockerToLinux.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no DockerToLinux.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("`([A-Za-z][A-Za-z0-9]*)`")]
    private static partial Regex QuotedName();
}
