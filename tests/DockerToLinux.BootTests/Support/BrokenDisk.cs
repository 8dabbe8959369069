using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// Copies of the shared Debian disk broken on purpose with referee tools (dd, debugfs), never with d2l's
/// own code: the root partition starts at 1 MiB, so it is cut out with dd, changed with debugfs, and
/// written back in place.
/// </summary>
public static class BrokenDisk
{
    private const long PartitionOffset = 1024 * 1024;

    /// <summary>A sparse copy of the shared disk at <paramref name="path"/>.</summary>
    public static async Task<string> CopyAsync(string path)
    {
        Tool.Run("cp", "--sparse=always", await DebianDisk.GetRawAsync(), path).EnsureSuccess("cp");
        return path;
    }

    /// <summary>Zeroes the MBR's boot code (bytes 0–439), keeping the disk signature, table and 0x55AA.</summary>
    public static void ZeroBootCode(string disk) =>
        Tool.Run("dd", "if=/dev/zero", $"of={disk}", "bs=440", "count=1", "conv=notrunc", "status=none").EnsureSuccess("dd");

    /// <summary>Runs debugfs requests (<c>-w</c>) on the disk's root partition.</summary>
    public static string EditPartition(string disk, TempDir temp, params string[] requests)
    {
        string partition = temp.File("partition.ext4");
        Tool.Run("dd", $"if={disk}", $"of={partition}", "bs=1M", "skip=1", "conv=sparse", "status=none").EnsureSuccess("dd out");
        string output = "";
        foreach (string request in requests)
        {
            var result = Tool.Run("debugfs", "-w", "-R", request, partition).EnsureSuccess($"debugfs {request}");
            output += result.StdOut;
        }
        Tool.Run("dd", $"if={partition}", $"of={disk}", "bs=1M", "seek=1", "conv=notrunc,sparse", "status=none").EnsureSuccess("dd back");
        File.Delete(partition);
        return output;
    }

    /// <summary>
    /// Replaces a text file of the disk's root partition with <paramref name="change"/> of its text, and
    /// returns the new text; the change must change something.
    /// </summary>
    public static string RewriteFile(string disk, TempDir temp, string path, Func<string, string> change)
    {
        string original = ReadFile(disk, temp, path);
        string changed = change(original);
        if (changed == original)
        {
            throw new InvalidOperationException($"the change left {path} as it was:\n{original}");
        }
        string edited = temp.File(Path.GetFileName(path) + ".edited");
        File.WriteAllText(edited, changed);
        EditPartition(disk, temp, $"rm {path}", $"write {edited} {path}");
        File.Delete(edited);
        return changed;
    }

    /// <summary>Adds <paramref name="arguments"/> to the kernel command line of the disk's syslinux.cfg.</summary>
    public static void AppendKernelArguments(string disk, TempDir temp, string arguments) =>
        RewriteFile(disk, temp, "/boot/syslinux/syslinux.cfg",
            text => System.Text.RegularExpressions.Regex.Replace(text, @"(?m)^([ \t]*APPEND .*?)[ \t]*$", $"$1 {arguments}"));

    /// <summary>Reads a file of the disk's root partition with debugfs.</summary>
    public static string ReadFile(string disk, TempDir temp, string path)
    {
        string partition = temp.File("partition-read.ext4");
        Tool.Run("dd", $"if={disk}", $"of={partition}", "bs=1M", "skip=1", "conv=sparse", "status=none").EnsureSuccess("dd out");
        string text = Tool.Run("debugfs", "-R", $"cat {path}", partition).EnsureSuccess($"debugfs cat {path}").StdOut;
        File.Delete(partition);
        return text;
    }

    /// <summary>The single <c>/boot/vmlinuz-*</c> of the disk, as debugfs lists it.</summary>
    public static string KernelFile(string disk, TempDir temp)
    {
        string partition = temp.File("partition-list.ext4");
        Tool.Run("dd", $"if={disk}", $"of={partition}", "bs=1M", "skip=1", "conv=sparse", "status=none").EnsureSuccess("dd out");
        string listing = Tool.Run("debugfs", "-R", "ls /boot", partition).EnsureSuccess("debugfs ls").StdOut;
        File.Delete(partition);
        return "/boot/" + listing.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Single(name => name.StartsWith("vmlinuz-", StringComparison.Ordinal));
    }
}
