namespace DockerToLinux.Benchmark;

/// <summary>
/// The recipe users follow without d2l, run on the same image: export the container's filesystem, make a
/// disk, partition it, loop-mount it, format it, extract, install extlinux and mbr.bin. Needs root and loop
/// devices; the image is loaded into podman beforehand, as it would already be in a Docker daemon.
/// </summary>
internal sealed class ClassicRecipe(string workFolder, string archive)
{
    private readonly string _storage = $"--root {workFolder}/podman --runroot {workFolder}/podman-run --storage-driver vfs";

    /// <summary>Whether this machine can run the recipe (root and a loop device).</summary>
    public static string? WhyNot()
    {
        if (Environment.UserName != "root")
        {
            return "needs root";
        }
        try
        {
            Shell.Run("losetup --find >/dev/null && command -v mkfs.ext4 extlinux podman sfdisk >/dev/null");
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    /// <summary>Loads the image into podman and creates a container from it (not timed).</summary>
    public void Prepare() =>
        Shell.Run($"podman {_storage} load -q -i {Shell.Quote(archive)} >/dev/null && "
            + $"podman {_storage} create --name classic $(podman {_storage} images -q | head -n 1) /bin/true >/dev/null");

    /// <summary>
    /// The timed part, as one bash command line writing <paramref name="disk"/>. As the recipe is written
    /// (docker-to-linux's Makefile and its many copies), the container is exported to a tar file first, then
    /// the disk is made and the tar extracted onto it; <paramref name="piped"/> streams the export straight
    /// into <c>tar -x</c> instead, a faster variant that saves the intermediate file.
    /// </summary>
    public string CommandLine(string disk, string kernelArguments, bool piped)
    {
        string export = piped ? "" : $"podman {_storage} export -o \"$rootfs\" classic";
        string extract = piped ? $"podman {_storage} export classic | tar -xp -C \"$mnt\"" : "tar -xpf \"$rootfs\" -C \"$mnt\"";
        return $$"""
        set -e
        disk={{Shell.Quote(disk)}}; mnt={{Shell.Quote(workFolder)}}/mnt; rootfs={{Shell.Quote(workFolder)}}/rootfs.tar; mkdir -p "$mnt"
        {{export}}
        truncate -s 2G "$disk"
        echo 'start=2048, type=83, bootable' | sfdisk -q "$disk"
        # The partition gets its own loop device at its offset: partition scanning needs udev, which
        # containers and CI sandboxes often lack.
        loop=$(losetup --find --show --offset 1048576 --sizelimit $(( $(stat -c %s "$disk") - 1048576 )) "$disk")
        trap 'umount "$mnt" 2>/dev/null || true; losetup -d "$loop"' EXIT
        mkfs.ext4 -q "$loop"
        mount "$loop" "$mnt"
        {{extract}}
        mkdir -p "$mnt/boot/syslinux"
        uuid=$(blkid -s UUID -o value "$loop")
        printf 'DEFAULT linux\nLABEL linux\n  LINUX /vmlinuz\n  INITRD /initrd.img\n  APPEND root=UUID=%s %s\n' "$uuid" {{Shell.Quote(kernelArguments)}} > "$mnt/boot/syslinux/syslinux.cfg"
        extlinux --install "$mnt/boot/syslinux" 2>/dev/null
        umount "$mnt"
        dd if=/usr/lib/syslinux/mbr/mbr.bin of="$disk" bs=440 count=1 conv=notrunc status=none
        """;
    }

    /// <summary>The command line that removes a previous run's disk and export before a timed run (not timed).</summary>
    public string Reset(string disk) => $"rm -f {Shell.Quote(disk)} {Shell.Quote(workFolder)}/rootfs.tar";

    /// <summary>Removes what a run of <see cref="CommandLine"/> leaves besides the disk (not timed).</summary>
    public void CleanRun() => Shell.Run($"rm -f {Shell.Quote(workFolder)}/rootfs.tar");

    /// <summary>Removes the container and podman's storage.</summary>
    public void Clean() => Shell.Run($"podman {_storage} rm -f classic >/dev/null 2>&1; rm -rf {workFolder}/podman; true");
}
