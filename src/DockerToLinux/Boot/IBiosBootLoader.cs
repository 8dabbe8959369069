using DockerToLinux.RootFs;

namespace DockerToLinux.Boot;

/// <summary>A boot loader that a PC BIOS starts from the disk's first sector (extlinux, GRUB for i386-pc).</summary>
public interface IBiosBootLoader
{
    /// <summary>Writes the loader's files into the root filesystem and returns its code for outside it.</summary>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">The filesystem writer's store.</param>
    /// <param name="entry">What to boot.</param>
    /// <param name="time">The build's clock, for the new files' times.</param>
    /// <param name="imageName">The image as the user named it, for messages.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="D2lException">Neither the image nor this machine has the loader's files, or they do not fit.</exception>
    Task<BiosBootCode> InstallAsync(FileTree tree, IPinnedContentStore store, BootEntry entry, DateTimeOffset time, string imageName,
        CancellationToken cancellationToken);
}
