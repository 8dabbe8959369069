using DockerToLinux.AppInit;

namespace DockerToLinux.Tests.AppInit;

public class UserResolverTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\n# comment\napp:x:1000:1000:App:/home/app:/bin/sh\ntwin:x:1000:50::/twin:/bin/sh\n";
    private const string Group = "root:x:0:root\napp:x:1000:\nstaff:x:50:\nextra:x:2000:other,app\nwheel:x:10:root\n";

    [Fact]
    public void No_user_is_root_with_the_groups_that_list_root()
    {
        Assert.Equal((0L, 0L, "/root", "root"), Parts(UserResolver.Resolve("", Passwd, Group)));
        Assert.Equal(new long[] { 0, 10 }, UserResolver.Resolve("", Passwd, Group).Groups);
    }

    [Fact]
    public void A_name_takes_its_ids_and_home_and_the_groups_that_list_it_after_its_primary_group()
    {
        var user = UserResolver.Resolve("app", Passwd, Group);
        Assert.Equal((1000L, 1000L, "/home/app", "app"), Parts(user));
        Assert.Equal(new long[] { 1000, 2000 }, user.Groups);
    }

    [Fact]
    public void A_number_in_passwd_takes_the_first_entry_with_that_uid()
    {
        Assert.Equal((1000L, 1000L, "/home/app", "app"), Parts(UserResolver.Resolve("1000", Passwd, Group)));
    }

    [Fact]
    public void A_number_without_an_account_runs_with_group_0_and_home_root_directory()
    {
        var user = UserResolver.Resolve("4321", Passwd, Group);
        Assert.Equal((4321L, 0L, "/", (string?)null), Parts(user));
        Assert.Equal(new long[] { 0 }, user.Groups);
    }

    [Fact]
    public void An_explicit_group_is_the_only_group_and_may_be_a_name_or_a_number()
    {
        var named = UserResolver.Resolve("app:staff", Passwd, Group);
        Assert.Equal((1000L, 50L, "/home/app", (string?)null), Parts(named));
        Assert.Equal(new long[] { 50 }, named.Groups);
        Assert.Equal(new long[] { 77 }, UserResolver.Resolve("5:77", null, null).Groups);
    }

    [Fact]
    public void A_name_missing_from_passwd_is_refused_naming_it()
    {
        var error = Assert.Throws<D2lException>(() => UserResolver.Resolve("nobody", Passwd, Group));
        Assert.Contains("'nobody'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_name_missing_from_group_is_refused_naming_it()
    {
        var error = Assert.Throws<D2lException>(() => UserResolver.Resolve("app:audio", Passwd, Group));
        Assert.Contains("'audio'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_without_account_files_runs_a_number_as_that_number()
    {
        Assert.Equal((65534L, 0L, "/", (string?)null), Parts(UserResolver.Resolve("65534", null, null)));
    }

    private static (long, long, string, string?) Parts(RunAsUser user) => (user.Uid, user.Gid, user.Home, user.Account);
}
