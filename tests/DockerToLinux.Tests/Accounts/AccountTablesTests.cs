using DockerToLinux.Accounts;

namespace DockerToLinux.Tests.Accounts;

public class AccountTablesTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\n# comment kept\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nbob:x:1000:1000::/home/bob:/bin/sh";
    private const string Shadow = "root:*:19000:0:99999:7:::\r\nbob:!:19000:0:99999:7:::\n";
    private const string Group = "root:x:0:\nsudo:x:27:bob\nshadow:x:42:\nbob:x:1000:\n";
    private const string Gshadow = "root:*::\nsudo:*::bob\nbob:!::\n";

    private static readonly AccountTables Tables = new(Passwd, Shadow, Group, Gshadow);

    private static AddedAccount Add(UserAccount user, AccountTables? tables = null) =>
        (tables ?? Tables).AddUser(user, "*", "/bin/bash", LoginDefs.Default, 19500);

    [Fact]
    public void A_new_user_is_appended_to_each_file_and_every_existing_line_stays_byte_for_byte()
    {
        var added = Add(new UserAccount { Name = "alice", Groups = ["sudo", "docker"] });

        Assert.Equal(Passwd + "\nalice:x:1001:1001::/home/alice:/bin/bash\n", added.Tables.Passwd);
        Assert.Equal(Shadow + "alice:*:19500:0:99999:7:::\n", added.Tables.Shadow);
        Assert.Equal("root:x:0:\nsudo:x:27:bob,alice\nshadow:x:42:\nbob:x:1000:\nalice:x:1001:\ndocker:x:1002:alice\n", added.Tables.Group);
        Assert.Equal("root:*::\nsudo:*::bob,alice\nbob:!::\nalice:!::\ndocker:!::alice\n", added.Tables.Gshadow);
        Assert.Equal((1001L, 1001L, "/home/alice"), (added.Uid, added.Gid, added.Home));
    }

    [Fact]
    public void The_first_uid_comes_from_login_defs_UID_MIN()
    {
        var defs = LoginDefs.Parse("# UID_MIN 10\nUID_MIN\t 2000\nGID_MIN 3000\nUMASK 027\n");
        var added = Tables.AddUser(new UserAccount { Name = "alice" }, "*", "/bin/sh", defs, 1);

        Assert.Equal((2000L, 2000L, 0b111_101_000), (added.Uid, added.Gid, defs.HomeMode));
    }

    [Fact]
    public void The_private_group_takes_the_next_free_gid_when_the_uid_number_is_a_group_already()
    {
        var added = Add(new UserAccount { Name = "alice", Uid = 27 });

        Assert.Equal((27L, 1001L), (added.Uid, added.Gid));
    }

    [Fact]
    public void An_image_without_shadow_gets_one_with_every_account_locked_and_without_gshadow_gets_none()
    {
        var added = Add(new UserAccount { Name = "alice" }, new AccountTables("root:x:0:0:root:/root:/bin/sh\n", null, "root:x:0:\n", null));

        Assert.Equal("root:*:19500:0:99999:7:::\nalice:*:19500:0:99999:7:::\n", added.Tables.Shadow);
        Assert.Null(added.Tables.Gshadow);
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("sudo")]
    public void A_name_the_image_has_as_user_or_group_is_refused(string name)
    {
        var error = Assert.Throws<D2lException>(() => Add(new UserAccount { Name = name }));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.StartsWith($"user '{name}': the image already has", error.Message);
    }

    [Fact]
    public void A_taken_uid_is_refused()
    {
        var error = Assert.Throws<D2lException>(() => Add(new UserAccount { Name = "alice", Uid = 1000 }));
        Assert.Equal("user 'alice': uid 1000 is taken in the image", error.Message);
    }

    [Theory]
    [InlineData("al:ice")]
    [InlineData("alice\nroot")]
    [InlineData("Alice")]
    [InlineData("1alice")]
    [InlineData("")]
    [InlineData("a23456789012345678901234567890123")]
    public void A_name_outside_the_usual_rule_is_refused_on_one_line(string name)
    {
        var error = Assert.Throws<D2lException>(() => Add(new UserAccount { Name = name }));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("not a valid name", error.Message);
    }

    [Fact]
    public void A_group_name_with_a_colon_is_refused()
    {
        var error = Assert.Throws<D2lException>(() => Add(new UserAccount { Name = "alice", Groups = ["a:b"] }));
        Assert.StartsWith("group 'a:b': not a valid name", error.Message);
    }

    [Fact]
    public void Names_with_underscore_hyphen_digits_and_a_final_dollar_are_valid()
    {
        Assert.True(AccountName.IsValid("_svc-1"));
        Assert.True(AccountName.IsValid("host$"));
        Assert.False(AccountName.IsValid("a$b"));
    }
}
