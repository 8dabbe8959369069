using DockerToLinux.Run;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Run;

public sealed class RunCacheTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void The_folder_is_under_XDG_CACHE_HOME_when_it_is_absolute()
    {
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = "/var/cache/someone", ["HOME"] = "/home/someone" };
        Assert.Equal("/var/cache/someone/d2l/run", RunCache.DefaultFolder(environment.GetValueOrDefault));
    }

    [Fact]
    public void A_relative_XDG_CACHE_HOME_is_ignored_for_the_cache_folder_of_HOME()
    {
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = "cache", ["HOME"] = "/home/someone" };
        Assert.Equal("/home/someone/.cache/d2l/run", RunCache.DefaultFolder(environment.GetValueOrDefault));
    }

    [Fact]
    public void Without_XDG_CACHE_HOME_and_HOME_the_folder_is_refused_as_bad_input()
    {
        var error = Assert.Throws<D2lException>(() => RunCache.DefaultFolder(_ => null));
        Assert.Equal(FailureKind.BadInput, error.Kind);
    }

    [Fact]
    public void A_used_entry_outlives_an_older_one_when_the_bound_is_exceeded()
    {
        var cache = new RunCache(_dir.Path, limitBytes: 2500);
        string used = Entry(cache, 'a', 1000, minutesAgo: 30);
        string untouched = Entry(cache, 'b', 1000, minutesAgo: 20);
        string newest = Entry(cache, 'c', 1000, minutesAgo: 10);
        Assert.True(cache.TryUse(Key('a')));

        int removed = cache.Evict(Key('c'));

        Assert.Equal((1, true, false, true), (removed, File.Exists(used), File.Exists(untouched), File.Exists(newest)));
    }

    [Fact]
    public void The_entry_about_to_boot_stays_even_when_it_alone_exceeds_the_bound()
    {
        var cache = new RunCache(_dir.Path, limitBytes: 100);
        string older = Entry(cache, 'a', 1000, minutesAgo: 30);
        string booting = Entry(cache, 'b', 1000, minutesAgo: 60);

        cache.Evict(Key('b'));

        Assert.Equal((false, true), (File.Exists(older), File.Exists(booting)));
    }

    [Fact]
    public void Clearing_removes_entries_and_temporary_files_and_leaves_other_files()
    {
        var cache = new RunCache(_dir.Path);
        Entry(cache, 'a', 300, minutesAgo: 1);
        Entry(cache, 'b', 200, minutesAgo: 1);
        File.WriteAllText(Path.Combine(_dir.Path, $".{Key('c')}.qcow2.d2l-0123.tmp"), "partial");
        File.WriteAllText(Path.Combine(_dir.Path, "notes.txt"), "mine");

        long freed = cache.Clear();

        Assert.Equal(500L, freed);
        Assert.Equal(["notes.txt"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_entry_is_no_hit()
    {
        Assert.False(new RunCache(_dir.Path).TryUse(Key('d')));
    }

    private static string Key(char digit) => new(digit, 64);

    private static string Entry(RunCache cache, char digit, int bytes, int minutesAgo)
    {
        string path = cache.EntryPath(Key(digit));
        File.WriteAllBytes(path, new byte[bytes]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-minutesAgo));
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
