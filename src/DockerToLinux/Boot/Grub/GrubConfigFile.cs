using System.Text;
using DockerToLinux.Kernels;

namespace DockerToLinux.Boot.Grub;

/// <summary>The text of <c>/boot/grub/grub.cfg</c>.</summary>
public static class GrubConfigFile
{
    /// <summary>One entry that boots after a second, with the menu on the first serial port and the screen.</summary>
    /// <param name="kernel">Kernel and initramfs paths from the root filesystem's root.</param>
    /// <param name="commandLine">The kernel command line.</param>
    /// <param name="filesystemUuid">The root filesystem, which GRUB finds by UUID.</param>
    /// <param name="title">The menu entry's title.</param>
    public static string Build(BootKernel kernel, string commandLine, Guid filesystemUuid, string title)
    {
        var text = new StringBuilder();
        text.Append("# Written by d2l. Kernel and initrd paths are from the root filesystem's root.\n");
        text.Append("serial --unit=0 --speed=115200\n");
        text.Append("terminal_input serial console\n");
        text.Append("terminal_output serial console\n");
        text.Append("set timeout=1\n");
        text.Append("menuentry '").Append(title.Replace("'", string.Empty, StringComparison.Ordinal)).Append("' {\n");
        text.Append("  search --no-floppy --fs-uuid --set=root ").Append(filesystemUuid.ToString("D")).Append('\n');
        text.Append("  linux ").Append(kernel.KernelPath).Append(' ').Append(commandLine).Append('\n');
        if (kernel.InitrdPath is not null)
        {
            text.Append("  initrd ").Append(kernel.InitrdPath).Append('\n');
        }
        text.Append("}\n");
        return text.ToString();
    }
}
