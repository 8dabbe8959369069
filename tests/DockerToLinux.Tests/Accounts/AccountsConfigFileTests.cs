using DockerToLinux.Accounts;

namespace DockerToLinux.Tests.Accounts;

public class AccountsConfigFileTests
{
    private static readonly string Key = SshPublicKeysTests.Key();

    [Fact]
    public void A_bootc_image_builder_TOML_file_gives_its_users()
    {
        string toml = $"[[customizations.user]]\nname = \"alice\"\npassword = \"pw\"\nkey = \"{Key}\"\ngroups = [\"wheel\", \"admins\"]\n\n"
            + "[[customizations.user]]\nname = \"bob\"\nuid = 1500\n";
        var users = AccountsConfigFile.Parse("config.toml", toml);

        Assert.Equal(2, users.Count);
        Assert.Equal(("alice", "pw", (long?)null), (users[0].Name, users[0].Password, users[0].Uid));
        Assert.Equal(["wheel", "admins"], users[0].Groups);
        Assert.Equal([Key], users[0].SshKeys);
        Assert.Equal(("bob", (long?)1500), (users[1].Name, users[1].Uid));
    }

    [Fact]
    public void The_JSON_shape_gives_the_same_users()
    {
        string json = $"{{\"customizations\": {{\"user\": [{{\"name\": \"alice\", \"key\": \"{Key}\", \"groups\": [\"wheel\"]}}]}}}}";
        var user = Assert.Single(AccountsConfigFile.Parse("config.json", json));

        Assert.Equal(("alice", (string?)null, "wheel", Key), (user.Name, user.Password, user.Groups[0], user.SshKeys[0]));
    }

    [Fact]
    public void Flags_win_field_by_field_and_users_only_on_the_command_line_come_last()
    {
        var file = new[] { new UserAccount { Name = "alice", Password = "file", Groups = ["wheel"], SshKeys = [Key] } };
        var flags = new[] { new UserAccount { Name = "alice", Password = "flag" }, new UserAccount { Name = "bob" } };
        var merged = AccountsConfigFile.Merge(file, flags);

        Assert.Equal(["alice", "bob"], merged.Select(user => user.Name));
        Assert.Equal(("flag", "wheel", Key), (merged[0].Password, merged[0].Groups[0], merged[0].SshKeys[0]));
    }

    [Theory]
    [InlineData("[[customizations.user]]\npassword = \"x\"\n", "config: user 1: has no 'name'")]
    [InlineData("[[customizations.user]]\nname = \"al:ice\"\n", "user 'al:ice': not a valid name")]
    [InlineData("[[customizations.user]]\nname = \"alice\"\nkey = \"not a key\"\n", "config: user 1 key: line 1 is not an SSH public key")]
    [InlineData("[[customizations.user]]\nname = \"alice\"\ngroups = \"wheel\"\n", "config: user 1: 'groups' must be a list of names")]
    [InlineData("[customizations\n", "config: not valid TOML")]
    [InlineData("{\"customizations\": ", "config: not a valid JSON user configuration")]
    public void A_malformed_file_is_bad_input_on_one_line(string text, string start)
    {
        var error = Assert.Throws<D2lException>(() => AccountsConfigFile.Parse("config", text));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.StartsWith(start, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
