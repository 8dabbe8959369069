using DockerToLinux.Accounts;

namespace DockerToLinux.Tests.Accounts;

public class InsservDependTests
{
    [Fact]
    public void A_script_that_already_has_dependencies_gets_one_more_and_keeps_its_own()
    {
        const string text = "TARGETS = rsyslog sshd\nINTERACTIVE =\nsshd: rsyslog\n";

        string added = InsservDepend.AddTarget(text, "d2l-ssh-keygen", "ssh", "sshd");

        Assert.Equal("TARGETS = rsyslog sshd d2l-ssh-keygen\nINTERACTIVE =\nsshd: rsyslog d2l-ssh-keygen\n", added);
    }

    [Fact]
    public void A_file_without_a_targets_line_is_left_as_it_is()
    {
        const string text = "INTERACTIVE =\nssh: rsyslog\n";

        Assert.Same(text, InsservDepend.AddTarget(text, "d2l-ssh-keygen", "ssh"));
    }

    [Fact]
    public void Names_that_are_not_targets_get_no_line_of_their_own()
    {
        const string text = "TARGETS = bootlogs\nINTERACTIVE =\n";

        Assert.Equal("TARGETS = bootlogs d2l-ssh-keygen\nINTERACTIVE =\n", InsservDepend.AddTarget(text, "d2l-ssh-keygen", "ssh", "sshd"));
    }
}
