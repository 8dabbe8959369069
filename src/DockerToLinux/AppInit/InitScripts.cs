namespace DockerToLinux.AppInit;

/// <summary>
/// The two scripts of the app init that are the same for every image: PID 1 itself and udhcpc's event script.
/// They run under the kernel image's static busybox and call every applet through it by path, because the
/// image may have no shell, no libc and no <c>/bin</c>, and busybox finds its own applets through
/// <c>/proc/self/exe</c>, which does not exist before <c>/proc</c> is mounted.
/// </summary>
internal static class InitScripts
{
    /// <summary>
    /// <c>/.d2l/init</c>, PID 1. It reads <c>/.d2l/settings</c>, mounts what a container runtime mounts, sets
    /// the host name, brings up loopback and the first Ethernet interface with DHCP, starts the stop watcher,
    /// runs <c>/.d2l/app</c> in the foreground (stdin <c>/dev/null</c>, as <c>docker run</c> without
    /// <c>-i</c>) and reports on the control port, then powers off.
    /// The app runs in the foreground because a shell starts background jobs with SIGINT and SIGQUIT ignored,
    /// which the app would inherit (a container's process has every signal at its default); while the shell
    /// waits for a foreground job it reaps every child (<c>waitpid(-1)</c>), so orphans do not stay zombies.
    /// The shell defers its own traps until the foreground job ends, so stop requests are the watcher's job:
    /// a background process that reads the control port and signals the app by its pid. With
    /// <c>d2l_sandbox=1</c> in its environment, the script exits with the app's status instead of powering off,
    /// so it can be tried as PID 1 of a PID namespace on a host.
    /// </summary>
    public const string Init = """
        #!/.d2l/busybox sh
        # PID 1 of an app VM, written by d2l: prepares what a container runtime would, runs /.d2l/app in the
        # foreground, reports its exit status on the control port and powers off. /.d2l/settings holds what d2l
        # decided when it built the disk.
        b=/.d2l/busybox
        . /.d2l/settings

        report() {
        	echo "$1" >>"$status_port" 2>/dev/null
        }

        mounted() {
        	$b grep -q "^[^ ]* $1 " /proc/mounts
        }

        mount_once() {
        	mounted "$3" || $b mount -t "$1" -o "$2" "$1" "$3"
        }

        link_once() {
        	[ -e "$2" ] || [ -L "$2" ] || $b ln -s "$1" "$2"
        }

        prepare_mounts() {
        	[ -e /proc/self ] || $b mount -t proc -o nosuid,nodev,noexec proc /proc
        	# The initramfs mounts the root read-only; a container's root is writable.
        	$b mount -o remount,rw / 2>/dev/null
        	mount_once sysfs nosuid,nodev,noexec /sys
        	mount_once devtmpfs nosuid,mode=0755 /dev
        	$b mkdir -p /dev/pts /dev/shm
        	mount_once devpts nosuid,noexec,gid=5,mode=0620,ptmxmode=0666 /dev/pts
        	mount_once tmpfs nosuid,nodev,mode=1777 /dev/shm
        	link_once /proc/self/fd /dev/fd
        	link_once /proc/self/fd/0 /dev/stdin
        	link_once /proc/self/fd/1 /dev/stdout
        	link_once /proc/self/fd/2 /dev/stderr
        	if [ "$tmpfs_run" = 1 ]; then mount_once tmpfs nosuid,nodev,mode=0755 /run; fi
        	if [ "$tmpfs_tmp" = 1 ]; then mount_once tmpfs nosuid,nodev,mode=1777 /tmp; fi
        	if [ -d /sys/fs/cgroup ]; then mount_once cgroup2 nosuid,nodev,noexec /sys/fs/cgroup 2>/dev/null; fi
        	$b mount -t tmpfs -o nosuid,nodev,mode=0700 d2l /.d2l/run
        }

        start_network() {
        	$b ip link set lo up
        	for dev in /sys/class/net/*; do
        		[ "$($b cat "$dev/type" 2>/dev/null)" = 1 ] || continue
        		$b ip link set "${dev##*/}" up
        		$b udhcpc -i "${dev##*/}" -s /.d2l/dhcp -f -q -n -t 5 -T 1 >/dev/null 2>&1
        		return
        	done
        }

        stop_app() {
        	while [ ! -s /.d2l/run/app.pid ]; do $b sleep 1; done
        	pid=$($b cat /.d2l/run/app.pid)
        	kill -"$stop_signal" "$pid" 2>/dev/null
        	$b sleep "$stop_timeout"
        	kill -9 "$pid" 2>/dev/null
        }

        # Reads the control port on fd 3, which the init opened before it reported "started": a tty drops what
        # arrives while nobody has it open, so a stop sent right after "started" must find a reader.
        watch_stop() {
        	while IFS= read -r line <&3; do
        		case $line in stop*) stop_app; exit 0 ;; esac
        	done
        	exit 0
        }

        prepare_mounts
        # The host times the init's start by this line, the kernel's own being quiet.
        report init
        # From here the console is the app's: the kernel adds only its errors (the quiet level), and the app's bytes
        # reach the host as written, with no carriage return added before each newline.
        if [ "$d2l_sandbox" != 1 ]; then
        	echo 4 >/proc/sys/kernel/printk
        	$b stty -F /dev/console -onlcr 2>/dev/null
        fi
        $b hostname "$hostname"
        start_network
        # A failed redirection on exec would end PID 1, so the port (absent where the VM has one serial port only)
        # is tried in a subshell first. Read-write, because opening a FIFO (the port in a sandbox) for reading
        # alone waits for a writer.
        if (exec 3<>"$control_port") 2>/dev/null; then
        	exec 3<>"$control_port"
        	$b stty raw -echo <&3 2>/dev/null
        	watch_stop 2>/dev/null &
        	watcher=$!
        	# The watcher keeps its own copy; the app must not inherit the port.
        	exec 3<&-
        fi
        report started
        # The shell reports a job killed by a signal on its stderr; only the app's output may reach the console,
        # so from here the shell's stderr is /dev/null and /.d2l/app takes the console from fd 4. (A redirection
        # on the command itself would stay applied in this shell while it waits, and leak a saved descriptor.)
        exec 4>&2 2>/dev/null
        $b sh /.d2l/app
        status=$?
        kill "$watcher" 2>/dev/null
        report "exit $status"
        if [ "$d2l_sandbox" = 1 ]; then exit "$status"; fi
        $b sync
        $b poweroff -f

        """;

    /// <summary>
    /// <c>/.d2l/dhcp</c>, udhcpc's event script: sets the leased address and the first router as the default
    /// route, and replaces <c>/etc/resolv.conf</c> (a rename, so a symlink there is replaced rather than
    /// followed) when the lease names DNS servers.
    /// </summary>
    public const string Dhcp = """
        #!/.d2l/busybox sh
        # udhcpc's event script for app VMs, written by d2l: address, default route and /etc/resolv.conf.
        b=/.d2l/busybox
        case $1 in
        deconfig)
        	$b ip -4 addr flush dev "$interface"
        	;;
        bound|renew)
        	$b ip -4 addr flush dev "$interface"
        	$b ip addr add "$ip/${mask:-24}" dev "$interface"
        	for gateway in $router; do
        		$b ip route replace default via "$gateway" dev "$interface"
        		break
        	done
        	if [ -n "$dns" ]; then
        		$b mkdir -p /etc
        		{
        			if [ -n "$domain" ]; then echo "search $domain"; fi
        			for server in $dns; do echo "nameserver $server"; done
        		} >/etc/.resolv.conf.d2l && $b mv -f /etc/.resolv.conf.d2l /etc/resolv.conf
        	fi
        	;;
        esac
        exit 0

        """;
}
