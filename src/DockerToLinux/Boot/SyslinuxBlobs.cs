namespace DockerToLinux.Boot;

/// <summary>
/// The three pieces of syslinux that one <c>extlinux</c> binary carries, unpatched. They come from one build:
/// the boot sector checks ldlinux.sys's build stamp before jumping into it.
/// </summary>
/// <param name="BootSector">The 512-byte volume boot record (<c>ldlinux.bss</c>).</param>
/// <param name="Ldlinux">The ldlinux.sys image without its ADV, a multiple of 512 bytes.</param>
/// <param name="LdlinuxC32">The <c>ldlinux.c32</c> module (ELF32) the core loads next.</param>
internal sealed record SyslinuxBlobs(byte[] BootSector, byte[] Ldlinux, byte[] LdlinuxC32);
