using DockerToLinux.Accounts;

namespace DockerToLinux.SystemPrep;

/// <summary>
/// Installs <see cref="RootGrowth"/> where the image has the means and nothing else grows the root: growpart and
/// resize2fs, systemd or sysvinit, and no cloud-init (whose growpart and resizefs modules do the same whenever it
/// runs, and two growers at once would race).
/// </summary>
internal static class RootGrowthWriter
{
    private const int ExecutableMode = 0b111_101_101;
    private const int PublicMode = 0b110_100_100;

    /// <summary>Writes the script and its unit or init script.</summary>
    /// <param name="writer">The tree being prepared.</param>
    /// <param name="seeded">True when the build writes a cloud-init seed, so that cloud-init runs at every boot.</param>
    /// <returns>A note on how (or whether) the root grows, or null when d2l's script grows it or a seed makes cloud-init do it.</returns>
    public static async Task<string?> WriteAsync(TreeWriter writer, bool seeded)
    {
        var tree = writer.Tree;
        if (ImageSystem.FirstFile(tree, [.. CloudInitSeed.Programs]) is not null)
        {
            return ImageSystem.FirstFile(tree, [.. RootGrowth.GrowpartPaths]) is null
                ? "root growth: cloud-init's growpart module needs growpart (cloud-guest-utils), which the image lacks"
                : seeded ? null
                : "root growth: left to cloud-init's growpart and resizefs modules, which run when cloud-init finds a datasource";
        }
        string? growpart = ImageSystem.FirstFile(tree, [.. RootGrowth.GrowpartPaths]);
        string? resize2fs = ImageSystem.FirstFile(tree, [.. RootGrowth.Resize2fsPaths]);
        if (growpart is null || resize2fs is null)
        {
            return "root growth: the image lacks growpart (cloud-guest-utils) or resize2fs (e2fsprogs), so the root keeps its size";
        }
        var init = ImageSystem.Init(tree);
        if (init is not (InitSystem.Systemd or InitSystem.SysV))
        {
            return "root growth: only systemd and sysvinit start d2l's growroot script";
        }
        await writer.WriteTextAsync(RootGrowth.ScriptPath, RootGrowth.Script(growpart, resize2fs), ExecutableMode, ExecutableMode)
            .ConfigureAwait(false);
        if (init == InitSystem.Systemd)
        {
            string unit = $"{ImageSystem.LocalUnitDirectory}/{RootGrowth.UnitName}";
            await writer.WriteTextAsync(unit, RootGrowth.Unit, PublicMode, PublicMode).ConfigureAwait(false);
            writer.Enable("sysinit.target", unit);
            return null;
        }
        await writer.WriteTextAsync(RootGrowth.InitScriptPath, RootGrowth.InitScript, ExecutableMode, ExecutableMode).ConfigureAwait(false);
        foreach (int level in new[] { 2, 3, 4, 5 })
        {
            writer.Link($"/etc/rc{level}.d/S01d2l-growroot", "../init.d/d2l-growroot");
        }
        await InsservDepend.AddTargetAsync(writer, "d2l-growroot").ConfigureAwait(false);
        return null;
    }
}
