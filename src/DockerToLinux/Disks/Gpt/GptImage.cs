namespace DockerToLinux.Disks.Gpt;

/// <summary>The bytes of a GUID partition table, in the two places they go on the disk.</summary>
/// <param name="Start">Sectors 0–33: protective MBR, primary header, primary entries.</param>
/// <param name="End">The backup entries and header.</param>
/// <param name="EndLba">The sector where <paramref name="End"/> starts (the disk's last 33 sectors).</param>
internal sealed record GptImage(byte[] Start, byte[] End, long EndLba);
