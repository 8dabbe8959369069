namespace DockerToLinux.Boot.Grub;

/// <summary>
/// Orders GRUB modules as grub-mkimage does from <c>moddep.lst</c> (lines <c>name: dep1 dep2 …</c>): each
/// requested module after its dependencies, which are added recursively from the last listed to the first.
/// </summary>
internal static class GrubModuleOrder
{
    /// <summary>Parses <c>moddep.lst</c>.</summary>
    public static IReadOnlyDictionary<string, string[]> ParseModDep(string text)
    {
        var dependencies = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
            {
                dependencies[line[..colon].Trim()] = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        return dependencies;
    }

    /// <summary>The modules to embed, dependencies first.</summary>
    /// <exception cref="InvalidDataException">A module depends on itself through others.</exception>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> requested, IReadOnlyDictionary<string, string[]> dependencies)
    {
        var ordered = new List<string>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in requested)
        {
            Add(name, ordered, visiting, dependencies);
        }
        return ordered;
    }

    private static void Add(string name, List<string> ordered, HashSet<string> visiting, IReadOnlyDictionary<string, string[]> dependencies)
    {
        if (ordered.Contains(name))
        {
            return;
        }
        if (!visiting.Add(name))
        {
            throw new InvalidDataException($"GRUB module {name} depends on itself");
        }
        var deps = dependencies.GetValueOrDefault(name) ?? [];
        for (int i = deps.Length - 1; i >= 0; i--)
        {
            Add(deps[i], ordered, visiting, dependencies);
        }
        visiting.Remove(name);
        ordered.Add(name);
    }
}
