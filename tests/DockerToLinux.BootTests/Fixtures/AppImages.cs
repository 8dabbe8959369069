namespace DockerToLinux.BootTests.Fixtures;

/// <summary>
/// The small images app VM tests boot, built by <c>tests/fixtures/app-images.sh</c> with buildah (cached across
/// runs): a <c>FROM scratch</c> image with one static binary, and one with busybox scripts that report, exit, stop
/// and reap in known ways.
/// </summary>
public static class AppImages
{
    /// <summary>A static binary built from C with <c>gcc -static</c> that prints <see cref="Greeting"/> and exits 0.</summary>
    public const string HelloOciArchive = "app-hello.oci.tar";

    /// <summary>Busybox and scripts: report (the default entrypoint), zombies, trap-term and ignore-term.</summary>
    public const string ToolsOciArchive = "app-tools.oci.tar";

    /// <summary>What the hello image prints.</summary>
    public const string Greeting = "Hello from a d2l app VM!";

    private static readonly Lazy<Task<string>> CacheFolder = new(() => Task.Run(() => FixtureScript.Run("app-images.sh")));

    /// <summary>The path of one of the archives, building them first when the cache has none.</summary>
    public static async Task<string> GetArchiveAsync(string name) => Path.Combine(await CacheFolder.Value, name);
}
