namespace DockerToLinux.BootTests.Fixtures;

/// <summary>
/// The image the <c>d2l run</c> tests serve from, built by <c>tests/fixtures/run-images.sh</c> with buildah on the
/// week's Debian base (cached across runs): Debian with nginx-light, no kernel and no init.
/// </summary>
public static class RunImages
{
    /// <summary>nginx-light, CMD <c>nginx -g 'daemon off;'</c>, STOPSIGNAL SIGQUIT, EXPOSE 80.</summary>
    public const string NginxOciArchive = "nginx.oci.tar";

    /// <summary>What nginx's index page says.</summary>
    public const string NginxPage = "Hello from nginx in a d2l VM";

    private static readonly Lazy<Task<string>> CacheFolder = new(() => Task.Run(() => FixtureScript.Run("run-images.sh")));

    /// <summary>The path of the archive, building it first when the cache has none.</summary>
    public static async Task<string> GetArchiveAsync(string name) => Path.Combine(await CacheFolder.Value, name);
}
