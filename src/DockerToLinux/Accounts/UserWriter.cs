using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Accounts;

/// <summary>Adds users to the image's account files, with homes, keys and sudo rights.</summary>
public static class UserWriter
{
    /// <summary>The groups whose passwordless members get NOPASSWD sudo (Debian's and Fedora's admin groups).</summary>
    public static readonly IReadOnlyList<string> AdminGroups = ["sudo", "wheel"];

    private const int PublicMode = 0b110_100_100;
    private const int ShadowGroupMode = 0b110_100_000;
    private const int RootOnlyMode = 0b110_000_000;
    private const int SudoersMode = 0b100_100_000;

    /// <summary>Adds every user and root's keys.</summary>
    /// <exception cref="D2lException">A bad or taken name or uid, or an image without /etc/passwd.</exception>
    public static async Task WriteAsync(TreeWriter writer, AccountsOptions options, List<string> notes)
    {
        if (options.Users.Count > 0)
        {
            await AddUsersAsync(writer, options, notes).ConfigureAwait(false);
        }
        if (options.RootSshKeys.Count > 0)
        {
            string passwd = await writer.ReadTextAsync("/etc/passwd").ConfigureAwait(false) ?? string.Empty;
            string home = ColonFile.Field(passwd, "root", 5) is { Length: > 0 } h ? h : "/root";
            await HomeDirectory.AddKeysAsync(writer, home, 0, 0, options.RootSshKeys).ConfigureAwait(false);
        }
    }

    /// <summary>The sudoers.d rule for a user who has no password to type.</summary>
    public static string SudoRule(string user) =>
        $"# Written by d2l: {user} has no password, so sudo cannot ask for one.\n{user} ALL=(ALL:ALL) NOPASSWD: ALL\n";

    private static async Task AddUsersAsync(TreeWriter writer, AccountsOptions options, List<string> notes)
    {
        var duplicate = options.Users.GroupBy(user => user.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw D2lException.BadSetting(Setting.Users, $"user '{duplicate.Key}': given more than once");
        }
        string passwd = await writer.ReadTextAsync("/etc/passwd").ConfigureAwait(false)
            ?? throw D2lException.BadSetting(Setting.Users, $"user '{options.Users[0].Name}': the image has no /etc/passwd to add users to");
        var tables = new AccountTables(passwd,
            await writer.ReadTextAsync("/etc/shadow").ConfigureAwait(false),
            await writer.ReadTextAsync("/etc/group").ConfigureAwait(false) ?? string.Empty,
            await writer.ReadTextAsync("/etc/gshadow").ConfigureAwait(false));
        var defs = LoginDefs.Parse(await writer.ReadTextAsync("/etc/login.defs").ConfigureAwait(false));
        string shell = ImageSystem.IsFile(writer.Tree, "/bin/bash") ? "/bin/bash" : "/bin/sh";
        long day = writer.Clock.ToUnixTimeSeconds() / 86400;

        var added = new List<(UserAccount User, AddedAccount Account)>();
        foreach (var user in options.Users)
        {
            var account = tables.AddUser(user, Hash(user, options.SaltSeed), shell, defs, day);
            tables = account.Tables;
            added.Add((user, account));
        }
        await WriteTablesAsync(writer, tables).ConfigureAwait(false);

        foreach (var (user, account) in added)
        {
            if (!await HomeDirectory.CreateAsync(writer, account.Home, account.Uid, account.Gid, defs.HomeMode).ConfigureAwait(false))
            {
                notes.Add($"{account.Home} (the image already has it; left as it is)");
            }
            if (user.SshKeys.Count > 0)
            {
                await HomeDirectory.AddKeysAsync(writer, account.Home, account.Uid, account.Gid, user.SshKeys).ConfigureAwait(false);
            }
            if (user.Password is null && user.Groups.Any(AdminGroups.Contains))
            {
                if (ImageSystem.HasSudo(writer.Tree))
                {
                    writer.EnsureDirectory("/etc/sudoers.d");
                    await writer.WriteTextAsync($"/etc/sudoers.d/d2l-{user.Name}", SudoRule(user.Name), SudoersMode, SudoersMode)
                        .ConfigureAwait(false);
                }
                else
                {
                    notes.Add($"no NOPASSWD rule for {user.Name}: the image has no sudo");
                }
            }
        }
    }

    private static string Hash(UserAccount user, byte[]? seed)
    {
        if (user.Password is not { } password)
        {
            return AccountTables.NoPassword;
        }
        string salt = seed is null ? CryptSalt.Random() : CryptSalt.FromSeed([.. seed, .. Encoding.UTF8.GetBytes("user:" + user.Name)]);
        return Sha512Crypt.Hash(password, salt);
    }

    // New files get Debian's modes; shadow and gshadow are readable by the shadow group where there is one.
    private static async Task WriteTablesAsync(TreeWriter writer, AccountTables tables)
    {
        long? shadowGroup = tables.GroupId("shadow");
        int secretMode = shadowGroup is null ? RootOnlyMode : ShadowGroupMode;
        await writer.WriteTextAsync("/etc/passwd", tables.Passwd, PublicMode).ConfigureAwait(false);
        await writer.WriteTextAsync("/etc/group", tables.Group, PublicMode).ConfigureAwait(false);
        foreach (var (path, text) in new[] { ("/etc/shadow", tables.Shadow), ("/etc/gshadow", tables.Gshadow) })
        {
            if (text is null)
            {
                continue;
            }
            bool existed = writer.Tree.Lookup(path)?.Node is { Kind: NodeKind.RegularFile };
            var node = await writer.WriteTextAsync(path, text, secretMode).ConfigureAwait(false);
            if (!existed)
            {
                node.Gid = shadowGroup ?? 0;
            }
        }
    }
}
