using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// Ready-to-use machines, checked from outside by real boots: images without any network configuration get a
/// network, a user logs in over SSH with a key and uses sudo, and each boot of one disk makes its own host keys.
/// Every boot runs the real d2l as nobody; ssh, ssh-keyscan and the guest's own tools are the referees.
/// </summary>
public sealed class ReadyVmBootTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan BootLimit = ConsoleGuest.BootLimit;
    private readonly TempDir _temp = new();

    [Fact]
    public async Task A_user_given_a_key_logs_in_over_ssh_and_sudoes_on_a_DHCP_address_and_each_boot_of_the_disk_has_its_own_host_keys()
    {
        string archive = await ReadyVmImages.GetArchiveAsync(ReadyVmImages.SshOciArchive);
        string imageHostKey = HostKeyBlob(ReadyVmImages.ReadFromLayers(archive, "etc/ssh/ssh_host_ed25519_key.pub"));
        string key = _temp.File("id_ed25519");
        Tool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "alice@test", "-f", key).EnsureSuccess("ssh-keygen");
        File.SetUnixFileMode(key + ".pub", (UnixFileMode)0b110_100_100);
        string disk = _temp.File("ssh.img");
        D2lProcess.RunAsNobody(_temp, ["build", $"oci-archive:{archive}", "-o", disk, "--user", "alice", "--groups", "sudo", "--ssh-key", key + ".pub"])
            .EnsureSuccess("d2l build --user alice --groups sudo --ssh-key");

        string firstKey, secondKey;
        using (var first = RunningGuest.Boot(_temp, disk, output))
        {
            firstKey = first.HostKey;
            // systemd-networkd keeps each DHCP lease in a root-only file: reading it needs sudo and shows the address came by DHCP.
            var login = first.Ssh(key, "alice", "id -un && sudo -n cat /run/systemd/netif/leases/*");
            Assert.True(login.ExitCode == 0, $"ssh alice@guest sudo -n cat: exit {login.ExitCode}\n{login.StdOut}{login.StdErr}");
            Assert.Matches(@"^alice\n(?s:.*)\nADDRESS=10\.0\.2\.15\n", login.StdOut);
        }
        using (var second = RunningGuest.Boot(_temp, disk, output))
        {
            secondKey = second.HostKey;
        }

        Assert.Equal(3, new[] { imageHostKey, firstKey, secondKey }.Distinct().Count());
    }

    [Fact]
    public async Task An_image_with_ifupdown_and_a_DHCP_client_gets_an_address_from_DHCP()
    {
        string archive = await ReadyVmImages.GetArchiveAsync(ReadyVmImages.IfupdownOciArchive);
        string disk = Build(archive, "ifupdown.img");

        string addresses = RunOnConsole(disk, WaitForAddress + " && ls /var/lib/dhcp");

        Assert.Matches(@"inet 10\.0\.2\.15/24 (?s:.*)dhclient\.", addresses);
    }

    [Fact]
    public async Task A_static_address_and_name_servers_are_what_the_guest_has_after_boot()
    {
        string archive = await ReadyVmImages.GetArchiveAsync(ReadyVmImages.SshOciArchive);
        string disk = Build(archive, "static.img", "--network", "static:10.0.2.20/24,10.0.2.2", "--dns", "9.9.9.9");

        // The image has no iproute2: hostname -I lists the addresses, and /proc/net/route the default gateway in
        // little-endian hex (0202000A is 10.0.2.2).
        string state = RunOnConsole(disk, "for i in $(seq 60); do hostname -I | grep -q 10. && break; sleep 1; done; hostname -I"
            + " && awk '$2 == \"00000000\" { print \"gateway \" $3 }' /proc/net/route && grep nameserver /etc/resolv.conf");

        Assert.Matches(@"(?m)^10\.0\.2\.20 .*$\n^gateway 0202000A$\n^nameserver 9\.9\.9\.9$", state.Replace("\r", ""));
    }

    // The login prompt can come before the network is up, so the command waits for an address (at most 60 s).
    private const string WaitForAddress =
        "for i in $(seq 60); do ip -4 -o addr show scope global | grep -q inet && break; sleep 1; done; ip -4 -o addr show scope global";

    private string Build(string archive, string name, params string[] options) => ConsoleGuest.Build(_temp, archive, name, options);

    private string RunOnConsole(string disk, string command) => ConsoleGuest.Run(_temp, output, disk, command);

    // The base64 blob of a public key line, which ssh-keyscan prints the same way.
    private static string HostKeyBlob(string line) => line.Split(' ')[1];

    public void Dispose() => _temp.Dispose();

    /// <summary>One `d2l boot -p` of a disk, with the guest's SSH port forwarded to a free host port, until disposed.</summary>
    private sealed class RunningGuest : IDisposable
    {
        private readonly Process _boot;
        private readonly StringBuilder _console = new();
        private readonly int _port;

        private RunningGuest(TempDir home, string disk, int port)
        {
            _port = port;
            _boot = D2lProcess.StartAsNobody(home, ["boot", disk, "--interactive", "-p", $"127.0.0.1:{port}:22"], redirectInput: true);
            // Both pipes are drained, or a full pipe would stall QEMU's console and with it the guest.
            _boot.OutputDataReceived += (_, line) => { lock (_console) { _console.AppendLine(line.Data); } };
            _boot.ErrorDataReceived += (_, line) => { lock (_console) { _console.AppendLine(line.Data); } };
            _boot.BeginOutputReadLine();
            _boot.BeginErrorReadLine();
        }

        /// <summary>The guest's ed25519 host key blob, as ssh-keyscan saw it once sshd answered.</summary>
        public string HostKey { get; private set; } = "";

        /// <summary>Boots <paramref name="disk"/> and waits until its sshd offers a host key.</summary>
        public static RunningGuest Boot(TempDir home, string disk, ITestOutputHelper output)
        {
            var guest = new RunningGuest(home, disk, FreePort());
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < BootLimit && !guest._boot.HasExited)
            {
                var scan = Tool.Run("ssh-keyscan", ["-T", "5", "-t", "ed25519", "-p", guest._port.ToString(CultureInfo.InvariantCulture), "127.0.0.1"],
                    stdin: null, timeout: TimeSpan.FromSeconds(30));
                if (scan.StdOut.Split('\n').FirstOrDefault(line => line.Contains("ssh-ed25519", StringComparison.Ordinal)) is { } line)
                {
                    guest.HostKey = line.Split(' ')[2];
                    output.WriteLine($"{Path.GetFileName(disk)}: sshd answered {clock.Elapsed.TotalSeconds:0} s after QEMU started");
                    return guest;
                }
                Thread.Sleep(TimeSpan.FromSeconds(3));
            }
            string console = guest.Console();
            guest.Dispose();
            throw new Xunit.Sdk.XunitException($"no SSH host key within {clock.Elapsed.TotalSeconds:0} s; console ends:\n{console[^Math.Min(4000, console.Length)..]}");
        }

        /// <summary>Runs <paramref name="command"/> in the guest over ssh as <paramref name="user"/> with the private key.</summary>
        public ToolResult Ssh(string privateKey, string user, string command) =>
            Tool.Run("ssh", ["-i", privateKey, "-p", _port.ToString(CultureInfo.InvariantCulture), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=30",
                $"{user}@127.0.0.1", command], stdin: null, timeout: TimeSpan.FromMinutes(2));

        private string Console()
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }

        // Ctrl-C ends an interactive boot and QEMU with it; the process is killed only if it does not go.
        public void Dispose()
        {
            if (!_boot.HasExited)
            {
                Tool.Run("kill", "-INT", _boot.Id.ToString(CultureInfo.InvariantCulture));
                if (!_boot.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    _boot.Kill(entireProcessTree: true);
                }
            }
            _boot.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
