namespace DockerToLinux.BootTests.Fixtures;

/// <summary>
/// The Debian template fixture built by <c>tests/fixtures/debian-template.sh</c> without Docker.
/// The recipe runs once per test run (it is cached across runs; the first build takes minutes).
/// </summary>
public static class DebianTemplate
{
    /// <summary>The template as <c>podman save --format oci-archive</c>.</summary>
    public const string OciArchive = "debian-template.oci.tar";

    /// <summary>The template as classic <c>docker save</c> (docker-archive).</summary>
    public const string DockerArchive = "debian-template.docker.tar";

    /// <summary>The template as <c>docker save</c> of Docker 25+: an OCI layout plus a docker manifest.json.</summary>
    public const string Docker25Archive = "debian-template.docker25.tar";

    /// <summary>The debootstrap base without kernel or init, as an oci-archive.</summary>
    public const string BaseOciArchive = "debian-base.oci.tar";

    private static readonly Lazy<Task<string>> CacheFolder = new(() => Task.Run(() => FixtureScript.Run("debian-template.sh")));

    /// <summary>The folder holding the archives, building them first when the cache has none.</summary>
    public static Task<string> GetCacheFolderAsync() => CacheFolder.Value;

    /// <summary>The path of one of the archives.</summary>
    public static async Task<string> GetArchiveAsync(string name) => Path.Combine(await GetCacheFolderAsync(), name);

    /// <summary>The repository's root folder (the one holding DockerToLinux.sln).</summary>
    public static string RepositoryRoot()
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
}
