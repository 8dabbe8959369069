using System.Formats.Tar;
using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// Finds what a kernel image says about its kernel's built-in drivers: its build configuration when it has
/// one, else <c>modules.builtin</c> in its module folder (for LinuxKit, inside <c>kernel.tar</c>).
/// </summary>
public static class BuiltInDriversReader
{
    private const string BuiltinList = "modules.builtin";
    private const int MaxTextBytes = 16 << 20;

    /// <summary>The kernel's built-in drivers, or null when the image says nothing about them.</summary>
    public static async Task<BuiltInDrivers?> ReadAsync(LoadedKernelImage image, CancellationToken cancellationToken)
    {
        var kernel = image.Kernel;
        if (kernel.ConfigPath is { } config)
        {
            return BuiltInDrivers.FromKernelConfig(await TextAsync(image, config, cancellationToken).ConfigureAwait(false));
        }
        switch (kernel.Modules)
        {
            case { Kind: ModuleTreeKind.Directory } folder when TreePaths.IsNonEmptyFile(image.Tree, $"{folder.SourcePath}/{BuiltinList}"):
                return BuiltInDrivers.FromModulesBuiltin(
                    await TextAsync(image, $"{folder.SourcePath}/{BuiltinList}", cancellationToken).ConfigureAwait(false));
            case { Kind: ModuleTreeKind.Tar } tar:
                return await FromTarAsync(image, tar, cancellationToken).ConfigureAwait(false) is { } list
                    ? BuiltInDrivers.FromModulesBuiltin(list) : null;
            default:
                return null;
        }
    }

    private static async Task<string> TextAsync(LoadedKernelImage image, string path, CancellationToken cancellationToken)
    {
        var bytes = await ContentPrefix.ReadAsync(image.Tree, image.Store, path, MaxTextBytes, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(bytes);
    }

    private static async Task<string?> FromTarAsync(LoadedKernelImage image, ModuleTree modules, CancellationToken cancellationToken)
    {
        await using var stream = image.Store.OpenRead(image.Tree.Resolve(modules.SourcePath)!.Content!);
        await using var reader = new TarReader(stream);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (string.Join('/', FileTree.SplitPath(entry.Name)) == modules.MemberPrefix + BuiltinList && entry.DataStream is { } data)
            {
                using var text = new StreamReader(data, Encoding.UTF8);
                return await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        return null;
    }
}
