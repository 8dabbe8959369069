namespace DockerToLinux.BootTests.Fixtures;

/// <summary>
/// The images of the init, cloud-init and growing-disk tests, built by <c>tests/fixtures/inits-cloud.sh</c> without
/// Docker. The recipe runs once per test run (it is cached across runs; the first build takes minutes).
/// </summary>
public static class InitsCloudImages
{
    /// <summary>Debian with its kernel and sysvinit (no systemd), ifupdown, isc-dhcp-client, iproute2 and growpart.</summary>
    public const string SysvinitOciArchive = "debian-sysvinit.oci.tar";

    /// <summary>The Debian template (systemd, every boot loader's code) with cloud-init and growpart.</summary>
    public const string CloudOciArchive = "debian-cloud.oci.tar";

    private static readonly Lazy<Task<string>> CacheFolder = new(() => Task.Run(() => FixtureScript.Run("inits-cloud.sh")));

    /// <summary>The path of one of the archives, building them first when the cache has none.</summary>
    public static async Task<string> GetArchiveAsync(string name) => Path.Combine(await CacheFolder.Value, name);
}
