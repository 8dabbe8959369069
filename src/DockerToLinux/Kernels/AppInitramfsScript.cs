using System.Text;

namespace DockerToLinux.Kernels;

/// <summary>
/// The <c>/init</c> of an app VM's initramfs (<see cref="AppInitramfs"/>): a busybox <c>sh</c> script that loads
/// the file system's modules, then each disk bus's until the root named on the kernel command line
/// (<c>root=UUID=…</c>) appears, then the network drivers, mounts the root read-only and hands over to the
/// <c>init=</c> of the command line with <c>switch_root</c>, its <c>/dev</c>, <c>/proc</c> and <c>/sys</c> moved
/// into the root. Buses are tried one after another because loading a bus's drivers under TCG costs tenths of
/// a second each, and the disk is nearly always on the first (virtio).
/// </summary>
internal static class AppInitramfsScript
{
    /// <summary>Where the busybox is in the initramfs.</summary>
    public const string Busybox = "/bin/busybox";

    /// <summary>The folder of the module files, relative paths as in <c>modules.dep</c> below it.</summary>
    public const string ModuleFolder = "/lib/modules";

    // Tenths of a second each bus gets for its disk to appear before the next is loaded, and the whole wait.
    private const int TenthsPerBus = 10, TenthsInAll = 100;

    private const string Head = """
        #!/bin/busybox sh
        # The initramfs of an app VM, written by d2l: loads the drivers that reach the root file system and the
        # network, mounts the root read-only and hands over to the init named on the kernel command line.
        b=/bin/busybox
        $b mount -t proc -o nosuid,nodev,noexec proc /proc
        $b mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
        $b mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev
        root=
        init=/sbin/init
        for arg in $($b cat /proc/cmdline); do
        	case "$arg" in
        	root=*) root=${arg#root=} ;;
        	init=*) init=${arg#init=} ;;
        	esac
        done

        load() {
        	for module in "$@"; do $b insmod "/lib/modules/$module" 2>/dev/null; done
        }

        # Waits up to $1 tenths of a second for the root device; prints it when found.
        find_root() {
        	tries=$1
        	while [ "$tries" -gt 0 ]; do
        		$b findfs "$root" 2>/dev/null && return 0
        		$b sleep 0.1
        		tries=$((tries - 1))
        	done
        	return 1
        }

        fail() {
        	echo "$1" >/dev/console
        	$b sync
        	$b poweroff -f
        }

        """;

    /// <summary>The script for the given module files, each list in load order.</summary>
    /// <param name="filesystem">The root file system's modules.</param>
    /// <param name="buses">Each disk bus's modules, tried in this order.</param>
    /// <param name="network">The network drivers' modules.</param>
    public static string For(IReadOnlyList<string> filesystem, IReadOnlyList<IReadOnlyList<string>> buses, IReadOnlyList<string> network)
    {
        var script = new StringBuilder(Head.Replace("\r\n", "\n", StringComparison.Ordinal));
        script.Append($"[ -n \"$root\" ] || fail \"d2l initramfs: no root= on the kernel command line\"\n");
        script.Append($"load {Words(filesystem)}\n");
        script.Append("device=\n");
        foreach (var bus in buses)
        {
            script.Append($"[ -n \"$device\" ] || {{ load {Words(bus)}; device=$(find_root {TenthsPerBus}); }}\n");
        }
        script.Append($"[ -n \"$device\" ] || device=$(find_root {TenthsInAll})\n");
        script.Append("[ -n \"$device\" ] || fail \"ALERT! $root does not exist (d2l's initramfs found no disk with it)\"\n");
        script.Append($"load {Words(network)}\n");
        script.Append("""
            $b mount -t ext4 -o ro "$device" /root || fail "d2l initramfs: Failed to mount $device as root"
            for mount in dev proc sys; do
            	$b mkdir -p "/root/$mount" 2>/dev/null
            	$b mount --move "/$mount" "/root/$mount"
            done
            exec $b switch_root /root "$init"

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        return script.ToString();
    }

    private static string Words(IEnumerable<string> files) => string.Join(' ', files);
}
