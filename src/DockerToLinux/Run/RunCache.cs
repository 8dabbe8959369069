namespace DockerToLinux.Run;

/// <summary>
/// The disks <c>d2l run</c> built, one file per key (<see cref="RunKey"/>), in a folder of the user's cache. An
/// entry appears only by the rename that ends a complete build, so an interrupted build leaves none; the oldest
/// entries (by last use) go when the folder grows past its bound.
/// </summary>
public sealed class RunCache
{
    /// <summary>The bound when none is given: room for a few dozen app disks, which qcow2 keeps at their used size.</summary>
    public const long DefaultLimitBytes = 10 * Units.GiB;

    private const string EntryExtension = ".qcow2";

    // A temporary file this old belongs to a build that was killed outright (a cancelled one removes its own).
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(1);

    /// <summary>A cache in <paramref name="folder"/> that keeps at most <paramref name="limitBytes"/>.</summary>
    public RunCache(string folder, long limitBytes = DefaultLimitBytes)
    {
        Folder = Path.GetFullPath(folder);
        LimitBytes = limitBytes;
    }

    /// <summary>The folder that holds the entries.</summary>
    public string Folder { get; }

    /// <summary>How many bytes the entries may take together before the oldest are removed.</summary>
    public long LimitBytes { get; }

    /// <summary>
    /// The folder the README names: <c>$XDG_CACHE_HOME/d2l/run</c>, else <c>~/.cache/d2l/run</c>, as the XDG base
    /// directory specification places a user's caches.
    /// </summary>
    /// <param name="environment">Reads an environment variable (the process's, except in tests).</param>
    /// <exception cref="D2lException">Neither XDG_CACHE_HOME nor HOME is set to an absolute path.</exception>
    public static string DefaultFolder(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // The specification ignores a relative XDG_CACHE_HOME.
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } cache && Path.IsPathRooted(cache))
        {
            return Path.Combine(cache, "d2l", "run");
        }
        if (environment("HOME") is { Length: > 0 } home && Path.IsPathRooted(home))
        {
            return Path.Combine(home, ".cache", "d2l", "run");
        }
        throw D2lException.BadInput("the run cache", "neither XDG_CACHE_HOME nor HOME names a folder for it");
    }

    /// <summary>Where the entry of <paramref name="key"/> is, or goes.</summary>
    internal string EntryPath(string key) => Path.Combine(Folder, key + EntryExtension);

    /// <summary>Makes sure the folder exists.</summary>
    /// <exception cref="D2lException">The folder cannot be made.</exception>
    internal void Create()
    {
        try
        {
            Directory.CreateDirectory(Folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw D2lException.BadInput(Folder, $"cannot make the run cache here ({e.Message})");
        }
    }

    /// <summary>
    /// True when the entry of <paramref name="key"/> exists; it then counts as just used, so eviction keeps it
    /// longest.
    /// </summary>
    internal bool TryUse(string key)
    {
        string path = EntryPath(key);
        if (!File.Exists(path))
        {
            return false;
        }
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        return true;
    }

    /// <summary>
    /// Removes the least recently used entries until the rest fit the bound (never <paramref name="keepKey"/>'s,
    /// which is about to boot), and temporary files that killed builds left behind.
    /// </summary>
    /// <returns>How many entries were removed.</returns>
    internal int Evict(string? keepKey)
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }
        RemoveAbandoned();
        string? keep = keepKey is null ? null : EntryPath(keepKey);
        var entries = Entries().OrderByDescending(entry => entry.LastWriteTimeUtc).ToList();
        long total = entries.Sum(entry => entry.Length);
        int removed = 0;
        for (int i = entries.Count - 1; i >= 0 && total > LimitBytes; i--)
        {
            if (entries[i].FullName == keep)
            {
                continue;
            }
            total -= entries[i].Length;
            entries[i].Delete();
            removed++;
        }
        return removed;
    }

    /// <summary>Removes every entry and temporary file; a VM already booted from an entry keeps running.</summary>
    /// <returns>How many bytes the removed entries took.</returns>
    public long Clear()
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }
        long bytes = 0;
        foreach (var entry in Entries())
        {
            bytes += entry.Length;
            entry.Delete();
        }
        foreach (var temporary in Temporaries())
        {
            temporary.Delete();
        }
        return bytes;
    }

    /// <summary>The entries, with their sizes and last use.</summary>
    internal IReadOnlyList<FileInfo> Entries() =>
        [.. new DirectoryInfo(Folder).EnumerateFiles("*" + EntryExtension).Where(file => RunKey.IsKey(Path.GetFileNameWithoutExtension(file.Name)))];

    private IEnumerable<FileInfo> Temporaries() =>
        new DirectoryInfo(Folder).EnumerateFiles(".*.tmp", new EnumerationOptions { AttributesToSkip = 0 });

    private void RemoveAbandoned()
    {
        foreach (var temporary in Temporaries().Where(file => DateTime.UtcNow - file.LastWriteTimeUtc > AbandonedAfter))
        {
            temporary.Delete();
        }
    }
}
