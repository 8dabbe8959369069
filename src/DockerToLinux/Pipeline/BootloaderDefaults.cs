namespace DockerToLinux.Pipeline;

/// <summary>Which partition tables each boot loader works with, and which it gets by default.</summary>
public static class BootloaderDefaults
{
    /// <summary>
    /// The table to write: <paramref name="requested"/> if the boot loader works with it, else the loader's
    /// usual one (MBR for BIOS loaders, which every BIOS boots; GPT where UEFI is involved).
    /// </summary>
    /// <exception cref="D2lException">The boot loader cannot boot from the requested table.</exception>
    public static PartitionTable Resolve(Bootloader bootloader, PartitionTable? requested)
    {
        bool needsGpt = bootloader is Bootloader.Uefi or Bootloader.Hybrid;
        if (requested == PartitionTable.Mbr && needsGpt)
        {
            throw D2lException.BadSetting(Setting.PartitionTable, $"the {bootloader.ToString().ToLowerInvariant()} boot loader needs a GPT partition table");
        }
        return requested ?? (needsGpt ? PartitionTable.Gpt : PartitionTable.Mbr);
    }
}
