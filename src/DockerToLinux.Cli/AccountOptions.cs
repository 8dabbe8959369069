using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DockerToLinux.Accounts;

namespace DockerToLinux.Cli;

/// <summary>
/// The build options for a ready-to-use machine: users with their passwords, keys, groups and uids, a config
/// file of users, root's keys, the network and name servers.
/// </summary>
internal sealed class AccountOptions
{
    private readonly Option<string[]> _user = new("--user")
    {
        Description = "Add a user (repeatable); the --password-file, --ssh-key, --groups and --uid after it, up to the next --user, are its",
    };

    private readonly Option<string[]> _passwordFile = new("--password-file")
    {
        Description = "The user's password, from this file's first line (without it: no password login, keys only)",
    };

    private readonly Option<string[]> _sshKey = new("--ssh-key")
    {
        Description = "An authorized_keys file or line for the --user before it, or for root when none precedes it (repeatable)",
    };

    private readonly Option<string[]> _groups = new("--groups")
    {
        Description = "The user's supplementary groups, a,b (created when the image has none of that name)",
    };

    private readonly Option<string[]> _uid = new("--uid") { Description = "The user's uid (default: the first free one from UID_MIN)" };

    private readonly Option<FileInfo?> _config = new("--config")
    {
        Description = "Users from a TOML or JSON file shaped like bootc-image-builder's [[customizations.user]]; flags win field by field",
    };

    private readonly Option<string?> _network = new("--network")
    {
        Description = "dhcp, none or static:ADDRESS/PREFIX[,GATEWAY] (default: DHCP, only for images that configure no network)",
    };

    private readonly Option<string[]> _dns = new("--dns") { Description = "A name server (repeatable), for the network configuration and /etc/resolv.conf" };

    /// <summary>
    /// Adds <c>--user</c> and <c>--ssh-key</c> alone, for <c>d2l push</c>: there the keys go only into the
    /// VirtualMachine manifest's cloud-init, since the disk exists already. Read them with <see cref="ReadUsersAndKeys"/>.
    /// </summary>
    public void AddKeysTo(Command command)
    {
        _user.Description = "A user for the VirtualMachine's cloud-init (repeatable); the --ssh-key after it, up to the next --user, are its";
        _sshKey.Description = "An authorized_keys file or line for the VirtualMachine's cloud-init: for the --user before it, or root (repeatable)";
        command.Options.Add(_user);
        command.Options.Add(_sshKey);
    }

    /// <summary>The users and root's keys of <c>--user</c> and <c>--ssh-key</c> (see <see cref="AddKeysTo"/>).</summary>
    /// <exception cref="D2lException">A key file that cannot be read or holds no public key.</exception>
    public (IReadOnlyList<UserAccount> Users, IReadOnlyList<string> RootSshKeys) ReadUsersAndKeys(ParseResult parsed)
    {
        var (users, rootKeys) = ReadUsers(parsed);
        return (users, rootKeys);
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _user, _passwordFile, _sshKey, _groups, _uid, _config, _network, _dns })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The users (the config file's merged with the flags'), root's keys and the network.</summary>
    /// <exception cref="D2lException">An option out of place, or a file that cannot be read or parsed.</exception>
    public (IReadOnlyList<UserAccount> Users, IReadOnlyList<string> RootSshKeys, NetworkSettings Network) Read(ParseResult parsed)
    {
        var (fromFlags, rootKeys) = ReadUsers(parsed);
        var users = parsed.GetValue(_config) is { } config
            ? AccountsConfigFile.Merge(AccountsConfigFile.Parse(config.FullName, ReadText(config.FullName, "config file")), fromFlags)
            : fromFlags;
        var network = parsed.GetValue(_network) is { } text ? NetworkSettings.Parse(text) : NetworkSettings.Default;
        var servers = parsed.GetValue(_dns) ?? [];
        if (servers.Length > 0)
        {
            network = network with { NameServers = [.. servers.Select(NetworkSettings.ParseNameServer)] };
        }
        return (users, rootKeys, network);
    }

    // System.CommandLine gathers each option's values apart, which loses which --user a --groups follows; the
    // parse result's tokens are in command-line order, and each value token is the very object its option holds.
    private (List<UserAccount> Users, List<string> RootKeys) ReadUsers(ParseResult parsed)
    {
        var owner = new Dictionary<Token, Option>(ReferenceEqualityComparer.Instance);
        foreach (Option option in new Option[] { _user, _passwordFile, _sshKey, _groups, _uid })
        {
            foreach (var token in parsed.GetResult(option)?.Tokens ?? [])
            {
                owner[token] = option;
            }
        }
        var users = new List<UserAccount>();
        var rootKeys = new List<string>();
        foreach (var token in parsed.Tokens)
        {
            if (!owner.TryGetValue(token, out var option))
            {
                continue;
            }
            string value = token.Value;
            if (option == _user)
            {
                users.Add(new UserAccount { Name = value });
            }
            else if (option == _sshKey)
            {
                var keys = ReadKeys(value);
                if (users.Count == 0)
                {
                    rootKeys.AddRange(keys);
                }
                else
                {
                    users[^1] = users[^1] with { SshKeys = [.. users[^1].SshKeys, .. keys] };
                }
            }
            else
            {
                var user = users.Count > 0 ? users[^1]
                    : throw D2lException.BadInput(option.Name, $"'{value}' belongs to a user: give it after --user NAME");
                users[^1] = With(user, option, value);
            }
        }
        return (users, rootKeys);
    }

    private UserAccount With(UserAccount user, Option option, string value)
    {
        string what = $"{option.Name} for user '{user.Name}'";
        if (option == _passwordFile)
        {
            return user.Password is null
                ? user with { Password = PasswordFile.ReadFirstLine(value) }
                : throw D2lException.BadInput(what, "given more than once");
        }
        if (option == _groups)
        {
            return user with { Groups = [.. user.Groups, .. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] };
        }
        if (user.Uid is not null)
        {
            throw D2lException.BadInput(what, "given more than once");
        }
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long uid)
            ? user with { Uid = uid }
            : throw D2lException.BadInput(what, $"'{value}' is not a uid (a number)");
    }

    // A file, as ssh-keygen writes them, or one authorized_keys line given as it is.
    private static IReadOnlyList<string> ReadKeys(string value) =>
        !File.Exists(value) && SshPublicKeys.IsKeyLine(value.Trim())
            ? [value.Trim()]
            : SshPublicKeys.Parse(value, ReadText(value, "key file"));

    private static string ReadText(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw D2lException.BadInput(path, $"cannot read the {what} ({e.Message})");
        }
    }
}
