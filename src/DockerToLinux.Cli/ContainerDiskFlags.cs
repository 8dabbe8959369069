using System.CommandLine;
using DockerToLinux.Images;
using DockerToLinux.Pipeline;
using DockerToLinux.Publish;

namespace DockerToLinux.Cli;

/// <summary>The options that shape a containerDisk image, shared by <c>build --containerdisk</c> and <c>push</c>.</summary>
internal sealed class ContainerDiskFlags
{
    private readonly Option<string> _compression = new("--compression")
    {
        Description = "containerDisk layer compression: gzip, zstd or none",
        DefaultValueFactory = _ => "gzip",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command) => command.Options.Add(_compression);

    /// <summary>The library's options for <paramref name="destination"/>.</summary>
    /// <param name="parsed">The command line.</param>
    /// <param name="destination">The destination given.</param>
    /// <param name="format">The <c>--format</c> value: qcow2 (or none) or raw.</param>
    /// <param name="registry">Registry login and TLS choices.</param>
    /// <param name="force">Whether a local destination may be replaced.</param>
    /// <exception cref="D2lException">An unknown compression or a disk format a containerDisk does not take.</exception>
    public ContainerDiskOptions Read(ParseResult parsed, string destination, string? format, ImageSourceOptions registry, bool force)
    {
        bool raw = format?.ToLowerInvariant() switch
        {
            null or "qcow2" => false,
            "raw" => true,
            _ => throw D2lException.BadInput("--format", $"a containerDisk holds a qcow2 or a raw disk, not {format}"),
        };
        var compression = parsed.GetValue(_compression)!.ToLowerInvariant() switch
        {
            "gzip" => LayerCompression.Gzip,
            "zstd" => LayerCompression.Zstd,
            "none" => LayerCompression.None,
            var other => throw D2lException.BadInput("--compression", $"'{other}' is not gzip, zstd or none"),
        };
        return new ContainerDiskOptions(destination)
        {
            Raw = raw,
            Compression = compression,
            Registry = registry,
            Force = force,
            SourceDateEpoch = SourceDateEpoch.FromEnvironment(),
        };
    }

    /// <summary>The line printed for a published image.</summary>
    public static string Describe(ContainerDiskResult result) =>
        $"{result.Destination}: containerDisk {result.ManifestDigest}, disk layer of {ByteSize.Format(result.LayerSize)} "
        + result.Transfer switch
        {
            LayerTransfer.AlreadyPresent => "already there (nothing sent)",
            LayerTransfer.Mounted => "mounted from another repository (nothing sent)",
            _ when result.BytesSent > 0 => $"sent ({result.BytesSent} bytes uploaded)",
            _ => "written",
        };
}
