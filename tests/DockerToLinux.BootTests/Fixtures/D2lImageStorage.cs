namespace DockerToLinux.BootTests.Fixtures;

/// <summary>
/// The containers-storage that <c>tests/fixtures/d2l-image.sh</c> prepares for building the d2l image without
/// Docker Hub: the debootstrap base and the Containerfile's runtime stage in buildah's layer cache, so that
/// <c>deploy/build-image.sh</c> adds only the program under test. Cached across runs; a first build takes minutes.
/// </summary>
public static class D2lImageStorage
{
    private static readonly Lazy<Task<string>> CacheFolder = new(() => Task.Run(() => FixtureScript.Run("d2l-image.sh")));

    /// <summary>The storage's configuration file, for <c>CONTAINERS_STORAGE_CONF</c>.</summary>
    public static async Task<string> GetStorageConfigAsync() => Path.Combine(await CacheFolder.Value, "storage.conf");

    /// <summary>The name of the Debian base image in that storage, for <c>build-image.sh --base</c>.</summary>
    public static async Task<string> GetBaseImageAsync() =>
        (await File.ReadAllTextAsync(Path.Combine(await CacheFolder.Value, "base-image"))).Trim();
}
