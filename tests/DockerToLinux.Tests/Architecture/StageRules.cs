namespace DockerToLinux.Tests.Architecture;

/// <summary>
/// The stages of the library (one folder and namespace each, with its subfolders), which other stages each may
/// use, and the check of a dependency list against them. README's "Stage boundaries" table shows the same rows.
/// </summary>
public static class StageRules
{
    /// <summary>The root namespace's shared types, which every stage may use.</summary>
    public const string Shared = "Shared";

    /// <summary>The command-line program's namespace, which no stage of the library may use.</summary>
    public const string Cli = "Cli";

    private const string Root = "DockerToLinux";

    private static readonly string[] LibraryStages =
        ["Images", "RootFs", "Disks", "Ext4", "SystemPrep", "Boot", "Qemu", "Inspect", "Kernels", "AppInit", "Accounts", "Publish", "KubeVirt"];

    /// <summary>
    /// Each stage and the stages it may use besides itself and <see cref="Shared"/>. Kernels, AppInit, Accounts,
    /// Publish and KubeVirt are the places of the kernel images, the app init, users and network, registry writes,
    /// and the KubeVirt VirtualMachine manifests.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> MayUse { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Shared] = [],
        ["Images"] = [],
        ["RootFs"] = [],
        ["Disks"] = [],
        ["Ext4"] = ["RootFs", "Disks"],
        ["SystemPrep"] = ["RootFs", "Accounts"],
        ["Boot"] = ["RootFs", "Disks", "Kernels"],
        ["Qemu"] = ["Disks"],
        ["Inspect"] = ["Images", "RootFs", "Boot", "Kernels", "AppInit"],
        ["Kernels"] = ["Images", "RootFs"],
        ["AppInit"] = ["RootFs"],
        ["Accounts"] = ["RootFs"],
        ["Publish"] = ["Images", "Disks"],
        ["KubeVirt"] = [],
        ["Pipeline"] = LibraryStages,
        ["Run"] = ["Images", "Disks", "Qemu", "AppInit", "Pipeline"],
        [Cli] = [.. LibraryStages, "Pipeline", "Run"],
    };

    /// <summary>
    /// The stage of a namespace: <see cref="Shared"/> for the root namespace, the first name after the root
    /// otherwise (so <c>DockerToLinux.Boot.Grub</c> is Boot); null for a namespace outside the project
    /// (System…, compiler-made types) and for a project namespace that has no row.
    /// </summary>
    public static string? StageOf(string ns)
    {
        if (ns == Root)
        {
            return Shared;
        }
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }
        string first = ns[(Root.Length + 1)..].Split('.')[0];
        return MayUse.ContainsKey(first) ? first : null;
    }

    /// <summary>Whether <paramref name="ns"/> is the project's (the root namespace or one below it).</summary>
    public static bool IsProjectNamespace(string ns) => ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal);

    /// <summary>
    /// The uses the table forbids, and the project namespaces it has no row for (a new folder needs its row
    /// before its types may be used or may use anything), one line each.
    /// </summary>
    public static IReadOnlyList<string> Violations(IEnumerable<TypeDependency> dependencies)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var use in dependencies)
        {
            if (!IsProjectNamespace(use.FromNamespace))
            {
                continue;
            }
            string? from = StageOf(use.FromNamespace);
            string? to = StageOf(use.ToNamespace);
            if (from is null)
            {
                found.Add($"{use.From}: namespace {use.FromNamespace} has no row in the stage table");
                continue;
            }
            if (to is null)
            {
                if (IsProjectNamespace(use.ToNamespace))
                {
                    found.Add($"{use}: namespace {use.ToNamespace} has no row in the stage table");
                }
                continue;
            }
            if (to != from && to != Shared && !MayUse[from].Contains(to))
            {
                found.Add($"{use}: {from} may not use {to}");
            }
        }
        return [.. found];
    }
}
