using System.CommandLine;
using System.Net;
using DockerToLinux.Accounts;
using DockerToLinux.Cli;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Cli;

/// <summary>The build's user, key and network options, whose meaning depends on their order on the command line.</summary>
public sealed class AccountOptionsTests : IDisposable
{
    private const string RootKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINZr2G3HufVvZNl4uYqGkdMOQY+rA9O9BeaNhFXkPKn0 root@host";
    private const string AliceKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKcHAi7HSuqy7IhxLvmF0e9a+dYfl/tdOa8Yhpmz5eU5 alice@laptop";
    private readonly TempDir _temp = new();

    private (IReadOnlyList<UserAccount> Users, IReadOnlyList<string> RootSshKeys, NetworkSettings Network) Read(params string[] args)
    {
        var options = new AccountOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var parsed = command.Parse(args);
        Assert.Empty(parsed.Errors);
        return options.Read(parsed);
    }

    private string File(string name, string text)
    {
        string path = _temp.File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Each_option_belongs_to_the_user_before_it_and_a_key_before_any_user_to_root()
    {
        string rootKey = File("root.pub", RootKey + "\n");
        string aliceKey = File("alice.pub", AliceKey + "\n");
        string password = File("password", "secret\nignored\n");

        var (users, rootKeys, _) = Read("--ssh-key", rootKey, "--user", "alice", "--groups", "sudo,adm", "--ssh-key", aliceKey,
            "--user=bob", "--uid", "1500", "--password-file", password);

        Assert.Equal([RootKey], rootKeys);
        Assert.Equal(["alice", "bob"], users.Select(user => user.Name));
        Assert.Equal(["sudo", "adm"], users[0].Groups);
        Assert.Equal([AliceKey], users[0].SshKeys);
        Assert.Equal((null, null, 1500L, "secret", 0, 0),
            (users[0].Uid, users[0].Password, users[1].Uid, users[1].Password, users[1].Groups.Count, users[1].SshKeys.Count));
    }

    [Fact]
    public void A_user_option_before_any_user_is_refused_with_one_line()
    {
        var error = Assert.Throws<D2lException>(() => Read("--groups", "sudo", "--user", "alice"));

        Assert.Equal("--groups: 'sudo' belongs to a user: give it after --user NAME", error.Message);
    }

    [Fact]
    public void A_key_file_that_holds_no_public_key_is_refused_naming_the_file()
    {
        string notKey = File("id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n");

        var error = Assert.Throws<D2lException>(() => Read("--user", "alice", "--ssh-key", notKey));

        Assert.StartsWith($"{notKey}: line 1 is not an SSH public key", error.Message);
    }

    [Fact]
    public void The_config_files_users_take_each_field_the_flags_do_not_give()
    {
        string config = File("users.toml", "[[customizations.user]]\nname = \"alice\"\npassword = \"from-file\"\ngroups = [\"wheel\"]\n");

        var (users, _, _) = Read("--config", config, "--user", "alice", "--groups", "sudo");

        Assert.Equal(["sudo"], users.Single().Groups);
        Assert.Equal("from-file", users.Single().Password);
    }

    [Fact]
    public void Network_and_name_servers_make_one_explicit_setting()
    {
        var (_, _, network) = Read("--network", "static:10.0.2.20/24,10.0.2.2", "--dns", "9.9.9.9", "--dns", "1.0.0.1");

        Assert.Equal((NetworkMode.Static, "10.0.2.20/24", IPAddress.Parse("10.0.2.2"), true),
            (network.Mode, network.AddressText, network.Gateway, network.Explicit));
        Assert.Equal([IPAddress.Parse("9.9.9.9"), IPAddress.Parse("1.0.0.1")], network.NameServers);
    }

    [Fact]
    public void Without_network_options_the_default_fills_in_only_for_images_without_a_network()
    {
        var (_, _, network) = Read();

        Assert.Same(NetworkSettings.Default, network);
    }

    public void Dispose() => _temp.Dispose();
}
