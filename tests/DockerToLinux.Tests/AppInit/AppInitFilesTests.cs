using DockerToLinux.AppInit;

namespace DockerToLinux.Tests.AppInit;

public class AppInitFilesTests
{
    private static AppLaunch Launch(RunAsUser user) => new(
        new RunSpec(["nginx", "-g", "daemon off;"], ["PRICE=5$ 'each'"], "/srv/app", "", 3),
        user, "/usr/sbin/nginx", "web", 10, TmpfsOnRun: true, TmpfsOnTmp: false);

    [Fact]
    public void The_settings_hold_the_decisions_as_shell_assignments()
    {
        Assert.Equal("""
            # Written by d2l for /.d2l/init: what was decided when the disk was built.
            hostname='web'
            stop_signal=3
            stop_timeout=10
            tmpfs_run=1
            tmpfs_tmp=0
            control_port='/dev/ttyS1'
            status_port='/dev/ttyS1'

            """, AppInitFiles.Settings(Launch(new RunAsUser(0, 0, [0], "/root", "root"))));
    }

    [Fact]
    public void An_account_user_switches_by_name_so_busybox_sets_its_groups()
    {
        Assert.Equal("""
            #!/.d2l/busybox sh
            # Written by d2l: becomes the image's process, as a container runtime would start it.
            exec </dev/null 2>&4 4>&-
            echo $$ >/.d2l/run/app.pid
            cd '/srv/app' || exit 125
            exec '/.d2l/busybox' 'env' '-i' '--' 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'HOSTNAME=web' 'PRICE=5$ '\''each'\''' 'HOME=/var/www' '/.d2l/busybox' 'start-stop-daemon' '-S' '-p' '/proc/d2l-no-pid' '-c' 'www-data' '-a' 'nginx' '-x' '/usr/sbin/nginx' '--' '-g' 'daemon off;'

            """, AppInitFiles.App(Launch(new RunAsUser(33, 33, [33], "/var/www", "www-data"))));
    }

    [Fact]
    public void A_user_without_account_groups_sets_the_group_then_the_uid_through_nsenter()
    {
        string app = AppInitFiles.App(Launch(new RunAsUser(1234, 55, [55], "/", null)));
        Assert.EndsWith("""
            'HOME=/' '/.d2l/busybox' 'start-stop-daemon' '-S' '-p' '/proc/d2l-no-pid' '-c' ':55' '-a' 'nsenter' '-x' '/.d2l/busybox' '--' '-S' '1234' '/.d2l/busybox' 'start-stop-daemon' '-S' '-p' '/proc/d2l-no-pid' '-a' 'nginx' '-x' '/usr/sbin/nginx' '--' '-g' 'daemon off;'

            """, app, StringComparison.Ordinal);
    }

    [Fact]
    public void An_app_that_reads_the_console_keeps_it_as_stdin_with_its_echo_off_and_says_so_on_the_status_port()
    {
        string app = AppInitFiles.App(Launch(new RunAsUser(0, 0, [0], "/root", "root")) with { ConsoleInput = true });
        Assert.StartsWith("""
            #!/.d2l/busybox sh
            # Written by d2l: becomes the image's process, as a container runtime would start it.
            /.d2l/busybox stty -echo
            echo input >>'/dev/ttyS1'
            exec 2>&4 4>&-
            echo $$ >/.d2l/run/app.pid

            """, app, StringComparison.Ordinal);
    }
}
