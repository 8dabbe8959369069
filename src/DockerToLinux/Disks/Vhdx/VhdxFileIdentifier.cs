namespace DockerToLinux.Disks.Vhdx;

/// <summary>The file type identifier that opens every VHDX file: the signature "vhdxfile", then the creator's name.</summary>
public static class VhdxFileIdentifier
{
    /// <summary>The identifier's signature, at offset 0.</summary>
    public static ReadOnlySpan<byte> Signature => "vhdxfile"u8;

    /// <summary>Whether <paramref name="span"/>, a file's first bytes, starts with the VHDX signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> span) => span.StartsWith(Signature);
}
