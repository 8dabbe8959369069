using DockerToLinux.Disks;
using DockerToLinux.Disks.Sources;

namespace DockerToLinux.Pipeline;

/// <summary>
/// <c>d2l convert</c>: copies the virtual disk of any image d2l reads into any format it writes, streaming
/// 1 MiB at a time and handing over only the 64 KiB pieces that hold data, so zero ranges stay unallocated.
/// The output is written under a temporary name and renamed when complete.
/// </summary>
public sealed class DiskConverter
{
    private const int ReadSize = Units.MiB;
    private const int PieceSize = 64 * Units.KiB;

    /// <summary>Converts <paramref name="inputPath"/> to <paramref name="outputPath"/> as <paramref name="format"/>.</summary>
    /// <exception cref="D2lException">A missing or unreadable input, or an output that exists without <paramref name="force"/>.</exception>
    public async Task<ConvertResult> ConvertAsync(string inputPath, string outputPath, DiskFormat format, bool force, DiskStamp stamp,
        IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        if (Path.GetFullPath(inputPath) == Path.GetFullPath(outputPath))
        {
            throw D2lException.BadInput(outputPath, "is the input; convert to another file");
        }
        await using var source = await DiskSources.OpenAsync(inputPath, cancellationToken).ConfigureAwait(false);
        using var output = OutputFile.Prepare(outputPath, force);
        progress?.Report(new BuildProgress(BuildStage.Disk, $"converting {source.Description} ({ByteSize.Format(source.Size)}) to {format}"));
        try
        {
            await using var target = DiskTargets.Create(format, output.TemporaryPath, source.Size, stamp, Path.GetFileName(output.TargetPath));
            var buffer = new byte[ReadSize];
            for (long offset = 0; offset < source.Size; offset += ReadSize)
            {
                int count = (int)Math.Min(ReadSize, source.Size - offset);
                if (!await source.ReadAsync(offset, buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
                for (int piece = 0; piece < count; piece += PieceSize)
                {
                    var data = buffer.AsMemory(piece, Math.Min(PieceSize, count - piece));
                    if (data.Span.ContainsAnyExcept((byte)0))
                    {
                        await target.WriteAsync(offset + piece, data, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            await target.CompleteAsync(source.Size, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            // Tables read on demand (qcow2 L2, VMDK grain tables, compressed grains) can be damaged too.
            throw D2lException.BadInput(inputPath, e.Message, e);
        }
        output.Commit();
        return new ConvertResult(output.TargetPath, source.Description, format, source.Size);
    }
}

/// <summary>What a conversion produced.</summary>
/// <param name="Path">The output file.</param>
/// <param name="InputDescription">What the input was recognised as.</param>
/// <param name="Format">The output's format.</param>
/// <param name="Size">The virtual size in bytes.</param>
public sealed record ConvertResult(string Path, string InputDescription, DiskFormat Format, long Size);
