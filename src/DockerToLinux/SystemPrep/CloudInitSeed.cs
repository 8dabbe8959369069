using DockerToLinux.Accounts;

namespace DockerToLinux.SystemPrep;

/// <summary>
/// A NoCloud seed in the image: cloud-init reads <c>user-data</c> and <c>meta-data</c> from
/// <c>/var/lib/cloud/seed/nocloud/</c> at boot, with no volume and no network. Without a meta-data file of the
/// user's, d2l writes one with an instance-id (fixed per disk, so cloud-init's per-instance modules run once) and the
/// machine's host name.
/// </summary>
internal static class CloudInitSeed
{
    /// <summary>The seed directory NoCloud reads first.</summary>
    public const string SeedDirectory = "/var/lib/cloud/seed/nocloud";

    /// <summary>Where cloud-init's program lives in the images that have it.</summary>
    public static readonly IReadOnlyList<string> Programs = ["/usr/bin/cloud-init", "/bin/cloud-init", "/usr/local/bin/cloud-init"];

    // The seed holds whatever secrets the user-data has (passwords, keys): readable by root only.
    private const int SeedMode = 0b110_000_000;

    /// <summary>Writes the seed.</summary>
    /// <param name="writer">The tree being prepared.</param>
    /// <param name="userDataPath">The user-data file on this machine.</param>
    /// <param name="metaDataPath">The meta-data file on this machine, or null to write d2l's own.</param>
    /// <param name="instanceId">The instance-id of d2l's own meta-data.</param>
    /// <param name="hostname">The local-hostname of d2l's own meta-data.</param>
    /// <exception cref="D2lException">The image has no cloud-init, or a file cannot be read.</exception>
    public static async Task WriteAsync(TreeWriter writer, string userDataPath, string? metaDataPath, string instanceId, string hostname)
    {
        if (ImageSystem.FirstFile(writer.Tree, [.. Programs]) is null)
        {
            throw D2lException.BadSetting(Setting.CloudInit, "the image has no cloud-init (/usr/bin/cloud-init): install cloud-init in it to use a NoCloud seed");
        }
        writer.EnsureDirectory(SeedDirectory);
        await CopyAsync(writer, userDataPath, $"{SeedDirectory}/user-data").ConfigureAwait(false);
        if (metaDataPath is null)
        {
            await writer.WriteTextAsync($"{SeedDirectory}/meta-data", MetaData(instanceId, hostname), SeedMode, SeedMode).ConfigureAwait(false);
        }
        else
        {
            await CopyAsync(writer, metaDataPath, $"{SeedDirectory}/meta-data").ConfigureAwait(false);
        }
    }

    /// <summary>d2l's meta-data: the two keys NoCloud documents as the ones to give.</summary>
    public static string MetaData(string instanceId, string hostname) =>
        $"instance-id: {instanceId}\nlocal-hostname: {hostname}\n";

    private static async Task CopyAsync(TreeWriter writer, string hostPath, string path)
    {
        FileStream source;
        try
        {
            source = new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw D2lException.BadSetting(Setting.CloudInit, $"cannot read {hostPath}: {error.Message}");
        }
        await using (source.ConfigureAwait(false))
        {
            await writer.WriteStreamAsync(path, source, source.Length, SeedMode, SeedMode).ConfigureAwait(false);
        }
    }
}
