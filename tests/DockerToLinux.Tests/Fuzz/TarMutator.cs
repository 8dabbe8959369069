using System.Text;

namespace DockerToLinux.Tests.Fuzz;

/// <summary>
/// Mutates a valid tar the way a hostile or broken layer would differ from it: header fields (sizes, types,
/// modes, ids, names, link names, magic, device numbers) given extreme or malformed values, usually with the
/// checksum recomputed so the mutation gets past the checksum check; PAX records rewritten; entries duplicated
/// or dropped; the archive truncated; bytes flipped.
/// </summary>
public static class TarMutator
{
    private const int Block = 512;

    private static readonly (int Offset, int Length)[] Fields =
    [
        (0, 100), (100, 8), (108, 8), (116, 8), (124, 12), (136, 12), (156, 1), (157, 100), (257, 6), (263, 2), (329, 8), (337, 8), (345, 155),
    ];

    private static readonly string[] Names =
    [
        "../../etc/passwd", "/etc/shadow", "a/../../b", "./.././x", ".wh..wh..opq", ".wh.", ".wh.etc", "etc/.wh.data", "..", ".", "/",
        "dev/../../../root", new string('n', 99), "etc/data", "etc", "etc/data/child", "", "a//b///c", "x/.wh..wh.plnk",
    ];

    /// <summary>Applies one to three random mutations to a copy of <paramref name="tar"/>.</summary>
    public static byte[] Mutate(byte[] tar, Random random)
    {
        var bytes = tar.ToList();
        int count = random.Next(1, 4);
        for (int i = 0; i < count; i++)
        {
            var headers = HeaderOffsets(bytes);
            switch (random.Next(10))
            {
                case < 5 when headers.Count > 0:
                    MutateField(bytes, headers[random.Next(headers.Count)], random, recomputeChecksum: random.NextDouble() < 0.9);
                    break;
                case 5 when headers.Count > 1:
                    DuplicateEntry(bytes, headers, random);
                    break;
                case 6 when headers.Count > 1:
                    DropEntry(bytes, headers, random);
                    break;
                case 7:
                    int cut = random.Next(bytes.Count + 1);
                    bytes.RemoveRange(cut, bytes.Count - cut);
                    break;
                default:
                    for (int flips = random.Next(1, 6); flips > 0 && bytes.Count > 0; flips--)
                    {
                        bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    }
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Offsets of blocks whose checksum is right: the headers of the archive.</summary>
    public static List<int> HeaderOffsets(IReadOnlyList<byte> bytes)
    {
        var offsets = new List<int>();
        for (int at = 0; at + Block <= bytes.Count; at += Block)
        {
            long sum = 0;
            bool empty = true;
            for (int i = 0; i < Block; i++)
            {
                byte value = i is >= 148 and < 156 ? (byte)' ' : bytes[at + i];
                sum += value;
                empty &= bytes[at + i] == 0;
            }
            string text = Encoding.ASCII.GetString([.. bytes.Skip(at + 148).Take(8)]).Trim('\0', ' ');
            if (!empty && text.Length > 0 && text.All(c => c is >= '0' and <= '7') && Convert.ToInt64(text, 8) == sum)
            {
                offsets.Add(at);
            }
        }
        return offsets;
    }

    private static void MutateField(List<byte> bytes, int header, Random random, bool recomputeChecksum)
    {
        var (offset, length) = Fields[random.Next(Fields.Length)];
        byte[] value = offset switch
        {
            156 => [(byte)"0123456789gxLKSVDAMNc\0 Z"[random.Next(24)]],
            0 or 157 or 345 => Encoding.UTF8.GetBytes(Names[random.Next(Names.Length)]),
            _ => NumberField(length, random),
        };
        for (int i = 0; i < length; i++)
        {
            bytes[header + offset + i] = i < value.Length ? value[i] : (byte)0;
        }
        if (recomputeChecksum)
        {
            long sum = 0;
            for (int i = 0; i < Block; i++)
            {
                sum += i is >= 148 and < 156 ? (byte)' ' : bytes[header + i];
            }
            byte[] checksum = Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
            for (int i = 0; i < 8; i++)
            {
                bytes[header + 148 + i] = checksum[i];
            }
        }
    }

    // Octal numbers small, huge and malformed, and GNU base-256 numbers (positive and negative).
    private static byte[] NumberField(int length, Random random)
    {
        switch (random.Next(7))
        {
            case 0:
                return Encoding.ASCII.GetBytes(new string('7', length - 1));
            case 1:
                return Encoding.ASCII.GetBytes(new string('7', length));
            case 2:
                return Encoding.ASCII.GetBytes("9x-+ 8");
            case 3:
            {
                var binary = new byte[length];
                random.NextBytes(binary);
                binary[0] = random.Next(2) == 0 ? (byte)0x80 : (byte)0xFF;
                return binary;
            }
            case 4:
                return [];
            default:
                return Encoding.ASCII.GetBytes(Convert.ToString(random.NextInt64(0, 1L << Math.Min(33, 3 * (length - 1))), 8).PadLeft(length - 1, '0'));
        }
    }

    // The entry at a header runs to the next header (or the end).
    private static (int Start, int End) EntryAt(List<byte> bytes, List<int> headers, int index) =>
        (headers[index], index + 1 < headers.Count ? headers[index + 1] : bytes.Count);

    private static void DuplicateEntry(List<byte> bytes, List<int> headers, Random random)
    {
        var (start, end) = EntryAt(bytes, headers, random.Next(headers.Count));
        var copy = bytes.GetRange(start, end - start);
        bytes.InsertRange(headers[random.Next(headers.Count)], copy);
    }

    private static void DropEntry(List<byte> bytes, List<int> headers, Random random)
    {
        var (start, end) = EntryAt(bytes, headers, random.Next(headers.Count));
        bytes.RemoveRange(start, end - start);
    }
}
