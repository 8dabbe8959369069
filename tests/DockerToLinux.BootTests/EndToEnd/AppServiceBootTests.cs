using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// <c>d2l build --service</c> on an image with systemd and no kernel, booted with the kernel template: the image's
/// process, changed by the run options, runs as the d2l-app service with exactly Docker's argv, environment,
/// working directory and user, and systemd restarts it when it is killed. One boot checks all of it.
/// </summary>
public class AppServiceBootTests
{
    // A dollar and a percent, which systemd would expand unless the unit escapes them, in an argument and an entry.
    private const string Price = "5$ and 100%";

    [Fact]
    public async Task The_service_is_active_with_dockers_argv_environment_directory_and_user_writes_to_the_journal_and_restarts_when_killed()
    {
        string folder = await KernelTemplate.GetCacheFolderAsync();
        using var home = new TempDir();
        string disk = home.File("service.img");
        string script = "echo \"$0 $K\"; while :; do sleep 3600; done";
        D2lProcess.RunAsNobody(home, ["build", $"oci-archive:{Path.Combine(folder, KernelTemplate.NoKernelOciArchive)}", "-o", disk,
            "--kernel", $"oci-archive:{Path.Combine(folder, KernelTemplate.OciArchive)}", "--root-password", "secret", "--hostname", "svc",
            "--service", "--entrypoint", "sh", "--run-as", "nobody", "--workdir", "/srv/app", "-e", "K=V", "-e", "PRICE=" + Price,
            "--", "-c", script, "price: " + Price]).EnsureSuccess("d2l build --service");

        var boot = await new QemuBootRunner().RunAsync(new BootOptions(disk).WithTimeout(TimeSpan.FromMinutes(12)).WithCommand("root", "secret",
            "systemctl is-active d2l-app; pid=$(systemctl show -p MainPID --value d2l-app); "
            + "tr '\\0' '|' </proc/$pid/cmdline; echo; tr '\\0' '\\n' </proc/$pid/environ | sort; "
            + "readlink /proc/$pid/exe /proc/$pid/cwd; awk '/^[UG]id:/ { print $1, $2 }' /proc/$pid/status; "
            + "journalctl -u d2l-app -o cat --no-pager | grep -cxF 'price: 5$ and 100% V'; "
            + "kill -9 $pid; sleep 4; systemctl is-active d2l-app; "
            + "test \"$(systemctl show -p MainPID --value d2l-app)\" != \"$pid\" && echo restarted; "
            + "systemctl show -p StandardOutput -p Restart d2l-app"),
            TextWriter.Null, CancellationToken.None);

        Assert.True(boot.Succeeded, $"{boot.Failure}\n{string.Join('\n', boot.LastLines)}");
        Assert.Equal($"""
            active
            sh|-c|{script}|price: {Price}|
            HOME=/nonexistent
            HOSTNAME=svc
            K=V
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            PRICE={Price}
            /usr/bin/dash
            /srv/app
            Uid: 65534
            Gid: 65534
            1
            active
            restarted
            Restart=on-failure
            StandardOutput=journal+console
            """, boot.Command!.Output.Trim());
    }
}
