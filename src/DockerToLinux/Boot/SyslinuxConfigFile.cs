using System.Text;
using DockerToLinux.Kernels;

namespace DockerToLinux.Boot;

/// <summary>The text of <c>/boot/syslinux/syslinux.cfg</c>.</summary>
public static class SyslinuxConfigFile
{
    /// <summary>
    /// One entry that boots at once (TIMEOUT is in tenths of a second), with the prompt on the first serial
    /// port as well as the screen.
    /// </summary>
    public static string Build(BootKernel kernel, string commandLine)
    {
        var text = new StringBuilder();
        text.Append("# Written by d2l. extlinux reads this; kernel and initrd paths are from the filesystem root.\n");
        text.Append("SERIAL 0 115200\n");
        text.Append("PROMPT 0\n");
        text.Append("TIMEOUT 10\n");
        text.Append("DEFAULT linux\n");
        text.Append("LABEL linux\n");
        text.Append("  LINUX ").Append(kernel.KernelPath).Append('\n');
        if (kernel.InitrdPath is not null)
        {
            text.Append("  INITRD ").Append(kernel.InitrdPath).Append('\n');
        }
        text.Append("  APPEND ").Append(commandLine).Append('\n');
        return text.ToString();
    }
}
