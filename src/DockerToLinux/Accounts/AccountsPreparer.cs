using DockerToLinux.RootFs;

namespace DockerToLinux.Accounts;

/// <summary>
/// Makes the image a machine people can log in to: users with homes, SSH keys and sudo rights, SSH host keys
/// made per machine at first boot, and a network, all written into the image's own account files, units and
/// network configuration. Runs after system preparation; nothing runs inside the image.
/// </summary>
public static class AccountsPreparer
{
    /// <summary>Applies <paramref name="options"/> to <paramref name="tree"/>.</summary>
    /// <param name="tree">The flattened, prepared root filesystem.</param>
    /// <param name="store">Where file bytes go.</param>
    /// <param name="options">Users, keys, network and clock.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <exception cref="D2lException">Bad input (names, keys, ids), SSH keys for an image without sshd, or an explicit
    /// network the image cannot bring up.</exception>
    public static async Task<AccountsResult> ApplyAsync(FileTree tree, IFileContentStore store, AccountsOptions options,
        CancellationToken cancellationToken)
    {
        bool wantsKeys = options.RootSshKeys.Count > 0 || options.Users.Any(user => user.SshKeys.Count > 0);
        if (wantsKeys && ImageSystem.Sshd(tree) is null)
        {
            throw D2lException.BadSetting(Setting.SshKeys, "the image has no SSH server (/usr/sbin/sshd): install openssh-server in it to log in with a key");
        }
        foreach (string key in options.RootSshKeys.Concat(options.Users.SelectMany(user => user.SshKeys)))
        {
            if (!SshPublicKeys.IsKeyLine(key))
            {
                throw D2lException.BadSetting(Setting.SshKeys, $"'{key}' is not an SSH public key line");
            }
        }
        var writer = new TreeWriter(tree, store, options.Time, cancellationToken);
        var notes = new List<string>();
        await UserWriter.WriteAsync(writer, options, notes).ConfigureAwait(false);
        await HostKeyWriter.WriteAsync(writer, notes).ConfigureAwait(false);
        await NetworkWriter.WriteAsync(writer, options.Network, notes).ConfigureAwait(false);
        return new AccountsResult(writer.Written, writer.Removed, notes);
    }
}
