namespace DockerToLinux.Kernels;

/// <summary>
/// A kernel's <c>modules.dep</c>: each loadable module's file (relative to the version's module folder) and the
/// modules it needs, already closed over by depmod. A driver the list lacks is built into the kernel (or not
/// there at all), and either way there is nothing to load.
/// </summary>
internal sealed class ModuleDependencies
{
    private readonly Dictionary<string, (string File, string[] Needs)> _modules;

    private ModuleDependencies(Dictionary<string, (string, string[])> modules) => _modules = modules;

    /// <summary>Reads <c>modules.dep</c> lines, <c>kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/jbd2/jbd2.ko</c>.</summary>
    public static ModuleDependencies Parse(string text)
    {
        var modules = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            string file = line[..colon];
            modules[NameOf(file)] = (file, line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        return new ModuleDependencies(modules);
    }

    /// <summary>
    /// The files to load for <paramref name="drivers"/>, each after the modules it needs and none twice, leaving
    /// out <paramref name="alreadyLoaded"/> (files of earlier calls). Drivers the list lacks are left out.
    /// </summary>
    public IReadOnlyList<string> LoadOrder(IEnumerable<string> drivers, ISet<string> alreadyLoaded)
    {
        var order = new List<string>();
        foreach (string driver in drivers)
        {
            if (!_modules.TryGetValue(driver, out var module))
            {
                continue;
            }
            // modules.dep lists the needed modules so that loading them from the last to the first works.
            foreach (string file in module.Needs.Reverse().Append(module.File))
            {
                if (alreadyLoaded.Add(file))
                {
                    order.Add(file);
                }
            }
        }
        return order;
    }

    /// <summary>The module name of a file: <c>kernel/drivers/nvme/host/nvme-core.ko</c> is <c>nvme_core</c>.</summary>
    public static string NameOf(string file)
    {
        string name = Path.GetFileName(file);
        int extension = name.IndexOf(".ko", StringComparison.Ordinal);
        return (extension > 0 ? name[..extension] : name).Replace('-', '_');
    }
}
