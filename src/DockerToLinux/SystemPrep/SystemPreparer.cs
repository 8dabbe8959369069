using System.Text;
using DockerToLinux.Accounts;
using DockerToLinux.RootFs;

namespace DockerToLinux.SystemPrep;

/// <summary>
/// Turns a container's root filesystem into one a machine can boot: removes Docker's marker files and
/// writes the identity files a container gets from its runtime (fstab, hostname, hosts, resolv.conf,
/// machine-id), a login on the serial console for inits that do not start one themselves, a cloud-init seed
/// and root's password when asked. Rewritten files keep their owner and mode; new files
/// are root:root 0644.
/// </summary>
internal static class SystemPreparer
{
    /// <summary>Every file system preparation may write, for the README and for users' audits.</summary>
    public static readonly IReadOnlyList<string> Files =
    [
        "/etc/fstab", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/machine-id", "/etc/passwd", "/etc/shadow",
        .. SerialLogin.Files, $"{CloudInitSeed.SeedDirectory}/user-data", $"{CloudInitSeed.SeedDirectory}/meta-data",
        RootGrowth.ScriptPath, $"/etc/systemd/system/sysinit.target.wants/{RootGrowth.UnitName}", $"/etc/systemd/system/{RootGrowth.UnitName}",
        RootGrowth.InitScriptPath, .. new[] { 2, 3, 4, 5 }.Select(level => $"/etc/rc{level}.d/S01d2l-growroot"), InsservDepend.StartPath,
    ];

    /// <summary>Docker's marker files, which make software think it runs in a container.</summary>
    public static readonly IReadOnlyList<string> DockerArtefacts = ["/.dockerenv", "/.dockerinit"];

    private const int PublicMode = 0b110_100_100;
    private const int MachineIdMode = 0b100_100_100;

    /// <summary>Applies the preparation to <paramref name="tree"/>.</summary>
    /// <param name="tree">The flattened root filesystem.</param>
    /// <param name="store">Where file bytes go.</param>
    /// <param name="options">Host name, filesystem UUID, password and clock.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <exception cref="D2lException">A bad host name or password, or an image whose /etc cannot hold files.</exception>
    public static async Task<SystemPrepResult> ApplyAsync(FileTree tree, IFileContentStore store, SystemPrepOptions options,
        CancellationToken cancellationToken)
    {
        if (!EtcFiles.IsValidHostname(options.Hostname))
        {
            throw D2lException.BadSetting(Setting.Hostname, $"'{options.Hostname}' is not a valid host name (letters, digits, '-' and '.')");
        }
        if (options.RootPassword is not null && options.RootPasswordHash is not null)
        {
            throw new ArgumentException("give either a root password or its hash, not both", nameof(options));
        }
        if (options.CloudInitMetaData is not null && options.CloudInitUserData is null)
        {
            throw D2lException.BadSetting(Setting.CloudInit, "a meta-data file needs a user-data file");
        }
        var time = FsTimestamp.FromDateTimeOffset(options.Time);
        var written = new List<string>();
        var removed = DockerArtefacts.Where(tree.Remove).ToList();
        var kept = new List<string>();

        async Task WriteAsync(string path, string text, int? forceMode = null)
        {
            await TreeFiles.WriteAsync(tree, store, path, Encoding.UTF8.GetBytes(text), forceMode ?? PublicMode, time,
                cancellationToken, forceMode).ConfigureAwait(false);
            written.Add(path);
        }

        await WriteAsync("/etc/fstab", EtcFiles.Fstab(options.FilesystemUuid, options.EspVolumeId)).ConfigureAwait(false);
        if (options.EspVolumeId is not null)
        {
            TreeFiles.EnsureDirectory(tree, EtcFiles.EspMountPoint, time);
        }
        await WriteAsync("/etc/hostname", EtcFiles.Hostname(options.Hostname)).ConfigureAwait(false);
        await WriteAsync("/etc/hosts", EtcFiles.Hosts(options.Hostname)).ConfigureAwait(false);
        if (UsesSystemdResolved(tree))
        {
            kept.Add("/etc/resolv.conf (a link to systemd-resolved's stub, which the image runs)");
        }
        else
        {
            await WriteAsync("/etc/resolv.conf", EtcFiles.ResolvConf(options.NameServers)).ConfigureAwait(false);
        }
        // Empty means "generate at first boot": every machine made from this disk gets its own ID.
        await WriteAsync("/etc/machine-id", string.Empty, MachineIdMode).ConfigureAwait(false);

        var writer = new TreeWriter(tree, store, options.Time, cancellationToken);
        if (await SerialLogin.WriteAsync(writer).ConfigureAwait(false) is { } unchanged)
        {
            kept.Add(unchanged);
        }
        if (options.CloudInitUserData is { } userData)
        {
            // The filesystem's UUID is new for every build (fixed by SOURCE_DATE_EPOCH), as an instance-id must be.
            await CloudInitSeed.WriteAsync(writer, userData, options.CloudInitMetaData, $"d2l-{options.FilesystemUuid:D}", options.Hostname)
                .ConfigureAwait(false);
        }
        var notes = new List<string>();
        if (await RootGrowthWriter.WriteAsync(writer, options.CloudInitUserData is not null).ConfigureAwait(false) is { } growth)
        {
            notes.Add(growth);
        }
        written.AddRange(writer.Written);

        string? hash = options.RootPasswordHash;
        if (options.RootPassword is { } password)
        {
            string salt = options.SaltSeed is { } seed ? CryptSalt.FromSeed(seed) : CryptSalt.Random();
            hash = Sha512Crypt.Hash(password, salt);
        }
        if (hash is not null)
        {
            written.AddRange(await SetRootHashAsync(tree, store, hash, time, options.Time, cancellationToken).ConfigureAwait(false));
        }
        return new SystemPrepResult(written, removed, kept) { Notes = notes };
    }

    // A symlink into /run/systemd/resolve only works if systemd-resolved is there to create its target.
    private static bool UsesSystemdResolved(FileTree tree) =>
        tree.Lookup("/etc/resolv.conf")?.Node is { Kind: NodeKind.Symlink, LinkTarget: { } target }
        && target.Contains("run/systemd/resolve/", StringComparison.Ordinal)
        && new[] { "/usr/lib/systemd/systemd-resolved", "/lib/systemd/systemd-resolved" }
            .Any(path => tree.Resolve(path) is { Kind: NodeKind.RegularFile });

    private static async Task<List<string>> SetRootHashAsync(FileTree tree, IFileContentStore store, string hash, FsTimestamp time,
        DateTimeOffset clock, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        string? passwd = await TreeFiles.ReadTextAsync(tree, store, "/etc/passwd", cancellationToken).ConfigureAwait(false);
        string? shadow = await TreeFiles.ReadTextAsync(tree, store, "/etc/shadow", cancellationToken).ConfigureAwait(false);
        string? group = await TreeFiles.ReadTextAsync(tree, store, "/etc/group", cancellationToken).ConfigureAwait(false);

        string newPasswd = ShadowFile.PointToShadow(passwd ?? string.Empty, "root");
        if (newPasswd != passwd)
        {
            await TreeFiles.WriteAsync(tree, store, "/etc/passwd", Encoding.UTF8.GetBytes(newPasswd), PublicMode, time,
                cancellationToken).ConfigureAwait(false);
            written.Add("/etc/passwd");
        }

        long day = clock.ToUnixTimeSeconds() / 86400;
        string newShadow = ShadowFile.SetHash(shadow, newPasswd, "root", hash, day);
        bool existed = tree.Lookup("/etc/shadow")?.Node is { Kind: NodeKind.RegularFile };
        long? shadowGroup = ShadowFile.GroupId(group, "shadow");
        // As Debian ships it: readable by the shadow group when there is one, otherwise by root alone.
        int mode = shadowGroup is null ? 0b110_000_000 : 0b110_100_000;
        var node = await TreeFiles.WriteAsync(tree, store, "/etc/shadow", Encoding.UTF8.GetBytes(newShadow), mode, time,
            cancellationToken).ConfigureAwait(false);
        if (!existed)
        {
            node.Gid = shadowGroup ?? 0;
        }
        written.Add("/etc/shadow");
        return written;
    }
}
