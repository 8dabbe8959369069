using System.Text;

namespace DockerToLinux.Disks.Vmdk;

/// <summary>The text descriptor embedded in sectors 1–20 of a single-file VMDK.</summary>
public static class VmdkDescriptor
{
    // The comment line that opens a descriptor, embedded or in a file of its own.
    private const string Comment = "# Disk DescriptorFile";

    /// <summary>Whether <paramref name="span"/>, a file's first bytes, is a VMDK text descriptor rather than an extent.</summary>
    public static bool StartsDescriptor(ReadOnlySpan<byte> span) => span.StartsWith(Encoding.ASCII.GetBytes(Comment));

    /// <summary>
    /// The descriptor for one sparse extent named <paramref name="fileName"/> (the file's final name, since
    /// VMware looks the extent up by it), NUL-padded to the descriptor area.
    /// </summary>
    public static byte[] Encode(string createType, long capacitySectors, string fileName, Guid uuid, string adapterType)
    {
        long cylinders = Math.Min(capacitySectors / (16 * 63), 16383);
        // The CID changes whenever the content does; here it is derived from the disk's UUID, so it is reproducible.
        uint cid = BitConverter.ToUInt32(uuid.ToByteArray(), 0);
        if (cid == uint.MaxValue)
        {
            cid = 0xFFFFFFFE;
        }
        var text = new StringBuilder()
            .Append(Comment).Append('\n')
            .Append("version=1\n")
            .Append("encoding=\"UTF-8\"\n")
            .Append($"CID={cid:x8}\n")
            .Append("parentCID=ffffffff\n")
            .Append($"createType=\"{createType}\"\n\n")
            .Append("# Extent description\n")
            .Append($"RW {capacitySectors} SPARSE \"{fileName.Replace("\"", "", StringComparison.Ordinal)}\"\n\n")
            .Append("# The Disk Data Base\n#DDB\n\n")
            .Append("ddb.virtualHWVersion = \"4\"\n")
            .Append($"ddb.adapterType = \"{adapterType}\"\n")
            .Append($"ddb.geometry.cylinders = \"{cylinders}\"\n")
            .Append("ddb.geometry.heads = \"16\"\n")
            .Append("ddb.geometry.sectors = \"63\"\n")
            .Append($"ddb.uuid.image = \"{uuid}\"\n")
            .ToString();
        var bytes = new byte[VmdkHeader.DescriptorSectors * Units.SectorBytes];
        int length = Encoding.UTF8.GetBytes(text, bytes);
        return length < bytes.Length ? bytes : throw new InvalidOperationException("the VMDK descriptor does not fit its sectors");
    }
}
