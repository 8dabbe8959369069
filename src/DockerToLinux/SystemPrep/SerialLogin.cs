using DockerToLinux.Accounts;
using DockerToLinux.RootFs;

namespace DockerToLinux.SystemPrep;

/// <summary>
/// A login prompt on the first serial port for inits that do not start one by themselves: <c>d2l boot</c> judges a
/// disk by that prompt, and people debug VMs there. systemd needs nothing (its getty generator starts
/// serial-getty@ttyS0 for <c>console=ttyS0</c>); sysvinit gets an <c>/etc/inittab</c> entry; busybox init (Alpine's
/// too, under OpenRC) gets its own inittab entry; OpenRC with its <c>agetty</c> service gets an <c>agetty.ttyS0</c>
/// instance enabled in the default runlevel. An image that already runs something on ttyS0 is left as it is.
/// </summary>
internal static class SerialLogin
{
    /// <summary>The serial port the kernel command line names as the last console.</summary>
    public const string Port = "ttyS0";

    /// <summary>The speed the kernel command line and the boot loaders give that port.</summary>
    public const int Speed = 115200;

    /// <summary>Every path a serial login may write, for the README and audits.</summary>
    public static readonly IReadOnlyList<string> Files =
        ["/etc/inittab", $"/etc/init.d/agetty.{Port}", $"/etc/conf.d/agetty.{Port}", $"/etc/runlevels/default/agetty.{Port}"];

    // Both util-linux's agetty and busybox's getty take the speed before or after the port.
    private static readonly string GettyArguments = $"-L {Speed} {Port} vt100";
    private const int PublicMode = 0b110_100_100;

    /// <summary>Writes what the image's init needs for a serial login.</summary>
    /// <returns>Why nothing was written, or null when something was (or the init needs nothing).</returns>
    public static async Task<string?> WriteAsync(TreeWriter writer)
    {
        var tree = writer.Tree;
        var init = ImageSystem.Init(tree);
        if (init is InitSystem.None or InitSystem.Systemd)
        {
            return null;
        }
        if (IsBusyboxInit(tree))
        {
            return await AddInittabEntryAsync(writer, Port, BusyboxGetty(tree)).ConfigureAwait(false);
        }
        if (init == InitSystem.OpenRc && ImageSystem.IsFile(tree, "/etc/init.d/agetty"))
        {
            return await EnableAgettyAsync(writer).ConfigureAwait(false);
        }
        if (ImageSystem.FirstFile(tree, "/sbin/getty", "/usr/sbin/getty", "/sbin/agetty", "/usr/sbin/agetty") is not { } getty)
        {
            return "/etc/inittab (the image has no getty to run on the serial port)";
        }
        return await AddInittabEntryAsync(writer, null, getty).ConfigureAwait(false);
    }

    // Alpine's /sbin/init is a link to busybox, and busybox's inittab names entries after their terminal.
    private static bool IsBusyboxInit(FileTree tree) =>
        tree.Lookup("/sbin/init")?.Node is { Kind: NodeKind.Symlink, LinkTarget: { } target }
        && target.EndsWith("busybox", StringComparison.Ordinal);

    private static string BusyboxGetty(FileTree tree) =>
        ImageSystem.FirstFile(tree, "/sbin/getty", "/bin/getty", "/usr/sbin/getty") ?? "/bin/busybox getty";

    // sysvinit ids are at most four characters and must be unique; busybox uses the terminal's name as the id.
    private static async Task<string?> AddInittabEntryAsync(TreeWriter writer, string? busyboxId, string getty)
    {
        if (await writer.ReadTextAsync("/etc/inittab").ConfigureAwait(false) is not { } text)
        {
            return "/etc/inittab (the image has none, so its init's built-in table stays)";
        }
        if (Inittab.RunsOn(text, Port))
        {
            return $"/etc/inittab (it already runs a program on {Port})";
        }
        var taken = Inittab.Ids(text).ToHashSet(StringComparer.Ordinal);
        string entry = busyboxId is not null
            ? $"{busyboxId}::respawn:{getty} {GettyArguments}"
            : $"{new[] { "S0", "T0", "d2S0" }.First(id => !taken.Contains(id))}:2345:respawn:{getty} {GettyArguments}";
        await writer.WriteTextAsync("/etc/inittab", Inittab.Append(text, entry), PublicMode).ConfigureAwait(false);
        return null;
    }

    // OpenRC's agetty script takes the port from the part of its name after the dot, and the speed from its conf.d file.
    private static async Task<string?> EnableAgettyAsync(TreeWriter writer)
    {
        string service = $"agetty.{Port}";
        if (writer.Tree.Lookup($"/etc/runlevels/default/{service}") is not null
            || writer.Tree.Lookup($"/etc/runlevels/boot/{service}") is not null)
        {
            return $"/etc/runlevels/default/{service} (already enabled)";
        }
        if (writer.Tree.Lookup($"/etc/init.d/{service}") is null)
        {
            writer.Link($"/etc/init.d/{service}", "agetty");
        }
        if (writer.Tree.Lookup($"/etc/conf.d/{service}") is null)
        {
            writer.EnsureDirectory("/etc/conf.d");
            await writer.WriteTextAsync($"/etc/conf.d/{service}", $"# Written by d2l: the speed of the kernel's console.\nbaud=\"{Speed}\"\n",
                PublicMode).ConfigureAwait(false);
        }
        writer.Link($"/etc/runlevels/default/{service}", $"/etc/init.d/{service}");
        return null;
    }
}
