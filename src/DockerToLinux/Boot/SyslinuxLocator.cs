using DockerToLinux.RootFs;

namespace DockerToLinux.Boot;

/// <summary>
/// Finds syslinux's boot code: first in the image (its <c>extlinux</c> and <c>mbr.bin</c>, from the
/// extlinux and syslinux-common packages), else on this machine at the same paths. Nothing is shipped
/// with d2l; syslinux is GPL and the image's own build is the one that matches its distribution.
/// </summary>
/// <param name="hostRoot">Where this machine's files are looked up; "/" except in tests.</param>
public sealed class SyslinuxLocator(string hostRoot = "/")
{
    /// <summary>Where Debian's extlinux package installs the installer that embeds the boot code.</summary>
    public const string ExtlinuxPath = "/usr/bin/extlinux";

    /// <summary>Where syslinux-common, then extlinux, put the 440-byte MBR code.</summary>
    public static readonly IReadOnlyList<string> MbrPaths = ["/usr/lib/syslinux/mbr/mbr.bin", "/usr/lib/EXTLINUX/mbr.bin"];

    /// <summary>Where syslinux-common, then extlinux, put the 440-byte code for a GPT's protective MBR.</summary>
    public static readonly IReadOnlyList<string> GptMbrPaths = ["/usr/lib/syslinux/mbr/gptmbr.bin", "/usr/lib/EXTLINUX/gptmbr.bin"];

    /// <summary>The size of MBR boot code: everything before the disk signature.</summary>
    public const int MbrCodeSize = 440;

    // extlinux is about 200 KiB; anything far larger is not the file we expect.
    private const long MaxReadSize = 16 * Units.MiB;

    /// <summary>Locates and checks the boot code.</summary>
    /// <param name="tree">The image's root filesystem.</param>
    /// <param name="store">Where the tree's file bytes are.</param>
    /// <param name="imageName">The image as the user named it, for the error message.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <param name="gpt">True for a GPT disk: <c>gptmbr.bin</c> (which boots the Legacy BIOS Bootable partition) instead of <c>mbr.bin</c>.</param>
    /// <exception cref="D2lException">Neither the image nor this machine has usable syslinux boot code.</exception>
    public async Task<SyslinuxBootCode> LocateAsync(FileTree tree, IFileContentStore store, string imageName,
        CancellationToken cancellationToken, bool gpt = false)
    {
        var problems = new List<string>();
        (SyslinuxBlobs Blobs, BootCodeOrigin Origin)? blobs = null;
        foreach (bool fromImage in new[] { true, false })
        {
            var bytes = await ReadAsync(tree, store, fromImage, ExtlinuxPath, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                continue;
            }
            var origin = new BootCodeOrigin(fromImage, ExtlinuxPath);
            try
            {
                blobs = (ExtlinuxBinary.Extract(bytes), origin);
                break;
            }
            catch (InvalidDataException e)
            {
                problems.Add($"{origin}: {e.Message}");
            }
        }

        (byte[] Code, BootCodeOrigin Origin)? mbr = null;
        foreach (bool fromImage in new[] { true, false })
        {
            foreach (string path in gpt ? GptMbrPaths : MbrPaths)
            {
                var bytes = await ReadAsync(tree, store, fromImage, path, cancellationToken).ConfigureAwait(false);
                // mbr.bin is padded to exactly 440 bytes; a 512-byte copy would carry a table we must not use.
                if (bytes is { Length: >= 2 and <= MbrCodeSize })
                {
                    var code = new byte[MbrCodeSize];
                    bytes.CopyTo(code, 0);
                    mbr = (code, new BootCodeOrigin(fromImage, path));
                    break;
                }
                if (bytes is not null)
                {
                    problems.Add($"{new BootCodeOrigin(fromImage, path)}: {bytes.Length} bytes, not at most {MbrCodeSize}");
                }
            }
            if (mbr is not null)
            {
                break;
            }
        }

        if (blobs is null || mbr is null)
        {
            string detail = problems.Count == 0 ? string.Empty : $" ({string.Join("; ", problems)})";
            throw D2lException.BadInput(imageName, "no syslinux boot code: install the extlinux and syslinux-common "
                + "packages in the image (see templates/) or on this machine" + detail);
        }
        return new SyslinuxBootCode(blobs.Value.Blobs, mbr.Value.Code, blobs.Value.Origin, mbr.Value.Origin);
    }

    private async Task<byte[]?> ReadAsync(FileTree tree, IFileContentStore store, bool fromImage, string path,
        CancellationToken cancellationToken)
    {
        if (fromImage)
        {
            var node = tree.Resolve(path);
            if (node is not { Kind: NodeKind.RegularFile, Content: { } content } || content.Length > MaxReadSize)
            {
                return null;
            }
            var bytes = new byte[content.Length];
            await using var stream = store.OpenRead(content);
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
        string hostPath = Path.Combine(hostRoot, path.TrimStart('/'));
        var info = new FileInfo(hostPath);
        if (!info.Exists || info.Length > MaxReadSize)
        {
            return null;
        }
        return await File.ReadAllBytesAsync(hostPath, cancellationToken).ConfigureAwait(false);
    }
}
