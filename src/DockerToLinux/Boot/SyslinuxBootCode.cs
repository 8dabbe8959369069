namespace DockerToLinux.Boot;

/// <summary>Everything extlinux needs on an MBR disk, with where each part came from.</summary>
/// <param name="Blobs">Boot sector, ldlinux.sys and ldlinux.c32, all from one <c>extlinux</c> binary.</param>
/// <param name="MbrCode">The 440 bytes of <c>mbr.bin</c> for sector 0.</param>
/// <param name="BlobsOrigin">The <c>extlinux</c> binary the blobs were cut from.</param>
/// <param name="MbrOrigin">The <c>mbr.bin</c> that was read.</param>
internal sealed record SyslinuxBootCode(SyslinuxBlobs Blobs, byte[] MbrCode, BootCodeOrigin BlobsOrigin, BootCodeOrigin MbrOrigin);
