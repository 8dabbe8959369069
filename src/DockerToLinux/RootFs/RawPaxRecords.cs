using System.Text;
using DockerToLinux.Images;

namespace DockerToLinux.RootFs;

/// <summary>
/// Finds the PAX extended-header records (<c>"LEN key=value\n"</c>) in raw tar header blocks and returns
/// their values as bytes, exactly as written. Used only for xattr values, which may be binary.
/// </summary>
internal static class RawPaxRecords
{
    private const int Block = TarHeader.Size;

    /// <summary>
    /// Parses the chain of header blocks in <paramref name="raw"/> that starts at <paramref name="start"/>
    /// (extended headers, long-name headers, then the entry's own header), collecting the records of every
    /// <c>x</c> header; later values win. Returns null when the blocks do not look like tar headers.
    /// </summary>
    public static Dictionary<string, byte[]>? Parse(ReadOnlySpan<byte> raw, int start)
    {
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        int at = start;
        while (at + Block <= raw.Length)
        {
            var header = raw.Slice(at, Block);
            if (!TarHeader.ChecksumMatches(header))
            {
                return null;
            }
            byte type = header[156];
            if (type is not ((byte)'x' or (byte)'g' or (byte)'L' or (byte)'K'))
            {
                return records;
            }
            if (ReadSize(header[124..136]) is not long size || size > raw.Length)
            {
                return null;
            }
            int dataStart = at + Block;
            if (dataStart + size > raw.Length)
            {
                return null;
            }
            if (type == (byte)'x')
            {
                ParseRecords(raw.Slice(dataStart, (int)size), records);
            }
            at = dataStart + (int)((size + Block - 1) / Block * Block);
        }
        return null;
    }

    private static void ParseRecords(ReadOnlySpan<byte> data, Dictionary<string, byte[]> records)
    {
        while (!data.IsEmpty)
        {
            int space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], out int length) || length <= space || length > data.Length)
            {
                return;
            }
            var record = data[(space + 1)..length];
            int equals = record.IndexOf((byte)'=');
            if (equals > 0 && record[^1] == (byte)'\n')
            {
                records[Encoding.UTF8.GetString(record[..equals])] = record[(equals + 1)..^1].ToArray();
            }
            data = data[length..];
        }
    }

    // Numeric fields are octal text, or base-256 with the high bit of the first byte set (GNU).
    private static long? ReadSize(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7F;
            foreach (byte b in field[1..])
            {
                value = (value << 8) | b;
            }
            return value;
        }
        return TarHeader.ReadOctal(field);
    }
}
