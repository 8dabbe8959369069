using DockerToLinux.AppInit;

namespace DockerToLinux.Tests.AppInit;

public class ServiceIdentityTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n";
    private const string Group = "root:x:0:\nwww-data:x:33:\n";

    [Fact]
    public void A_listed_user_with_a_listed_explicit_group_is_accepted()
    {
        var exception = Record.Exception(() => ServiceIdentity.Check(new RunAsUser(33, 0, [0], "/var/www", null), Passwd, Group));
        Assert.Null(exception);
    }

    [Fact]
    public void A_uid_without_an_account_is_refused_naming_the_service_setting()
    {
        var error = Assert.Throws<D2lException>(() => ServiceIdentity.Check(new RunAsUser(1234, 0, [0], "/", null), Passwd, Group));
        Assert.Equal((Setting.Service, "the user 1234 is not in the image's /etc/passwd, and the image's init starts a service only as a listed user"),
            (error.Setting!.Value, error.Message));
    }

    [Fact]
    public void An_explicit_gid_without_a_group_entry_is_refused_naming_the_service_setting()
    {
        var error = Assert.Throws<D2lException>(() => ServiceIdentity.Check(new RunAsUser(33, 77, [77], "/var/www", null), Passwd, Group));
        Assert.Equal(Setting.Service, error.Setting);
    }
}
