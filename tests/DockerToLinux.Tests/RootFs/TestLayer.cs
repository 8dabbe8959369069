using System.Formats.Tar;
using System.Text;

namespace DockerToLinux.Tests.RootFs;

/// <summary>
/// Writes a small layer tar in memory for tests: PAX entries through <see cref="TarWriter"/>, plus
/// hand-written PAX headers where values must be raw bytes (binary xattrs), which TarWriter cannot emit.
/// </summary>
public sealed class TestLayer
{
    public static readonly DateTimeOffset DefaultTime = new(2023, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly MemoryStream _tar = new();
    private readonly TarWriter _writer;

    public TestLayer(TarEntryFormat format = TarEntryFormat.Pax)
    {
        _writer = new TarWriter(_tar, format, leaveOpen: true);
        Format = format;
    }

    public TarEntryFormat Format { get; }

    public TestLayer Dir(string path, int mode = 0b111_101_101, int uid = 0, int gid = 0, DateTimeOffset? time = null) =>
        Add(TarEntryType.Directory, path, mode, uid, gid, time);

    public TestLayer File(string path, string content, int mode = 0b110_100_100, int uid = 0, int gid = 0, DateTimeOffset? time = null,
        Dictionary<string, string>? pax = null) =>
        Add(TarEntryType.RegularFile, path, mode, uid, gid, time, data: Encoding.UTF8.GetBytes(content), pax: pax);

    public TestLayer File(string path, byte[] content, int mode = 0b110_100_100) =>
        Add(TarEntryType.RegularFile, path, mode, 0, 0, null, data: content);

    public TestLayer Symlink(string path, string target, DateTimeOffset? time = null) =>
        Add(TarEntryType.SymbolicLink, path, 0b111_111_111, 0, 0, time, link: target);

    public TestLayer HardLink(string path, string target, int mode = 0b110_100_100, int uid = 0, int gid = 0, DateTimeOffset? time = null,
        Dictionary<string, string>? pax = null) =>
        Add(TarEntryType.HardLink, path, mode, uid, gid, time, link: target, pax: pax);

    public TestLayer Device(TarEntryType type, string path, int major, int minor, int mode = 0b110_110_110) =>
        Add(type, path, mode, 0, 0, null, major: major, minor: minor);

    public TestLayer Fifo(string path) => Add(TarEntryType.Fifo, path, 0b110_100_100, 0, 0, null);

    public TestLayer Whiteout(string path)
    {
        int slash = path.LastIndexOf('/');
        return File(slash < 0 ? ".wh." + path : path[..(slash + 1)] + ".wh." + path[(slash + 1)..], string.Empty);
    }

    public TestLayer Opaque(string directory) => File(directory.TrimEnd('/') + "/.wh..wh..opq", string.Empty);

    private TestLayer Add(TarEntryType type, string path, int mode, int uid, int gid, DateTimeOffset? time,
        byte[]? data = null, string? link = null, int major = 0, int minor = 0, Dictionary<string, string>? pax = null)
    {
        TarEntry entry = Format switch
        {
            TarEntryFormat.Gnu => new GnuTarEntry(type, path),
            _ => pax is null ? new PaxTarEntry(type, path) : new PaxTarEntry(type, path, pax),
        };
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = time ?? DefaultTime;
        if (link is not null)
        {
            entry.LinkName = link;
        }
        if (entry is PosixTarEntry posix && type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            posix.DeviceMajor = major;
            posix.DeviceMinor = minor;
        }
        if (data is not null)
        {
            entry.DataStream = new MemoryStream(data);
        }
        _writer.WriteEntry(entry);
        return this;
    }

    /// <summary>A regular file whose PAX header carries raw-byte records (binary xattrs), written by hand.</summary>
    public TestLayer FileWithRawPax(string path, string content, int mode, long mtime, params (string Key, byte[] Value)[] records)
    {
        var pax = new MemoryStream();
        foreach (var (key, value) in records)
        {
            byte[] body = [.. Encoding.UTF8.GetBytes(" " + key + "="), .. value, (byte)'\n'];
            int total = body.Length + 1;
            while (total != body.Length + total.ToString().Length)
            {
                total = body.Length + total.ToString().Length;
            }
            pax.Write(Encoding.ASCII.GetBytes(total.ToString()));
            pax.Write(body);
        }
        byte[] data = Encoding.UTF8.GetBytes(content);
        WriteRaw(Header("PaxHeaders/" + Path.GetFileName(path), 'x', pax.Length, 0b110_100_100, mtime), pax.ToArray());
        WriteRaw(Header(path, '0', data.Length, mode, mtime), data);
        return this;
    }

    private void WriteRaw(byte[] header, byte[] data)
    {
        _tar.Write(header);
        _tar.Write(data);
        _tar.Write(new byte[(512 - data.Length % 512) % 512]);
    }

    private static byte[] Header(string name, char type, long size, int mode, long mtime)
    {
        var header = new byte[512];
        void Put(int offset, string text) => Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        Put(0, name);
        Put(100, Convert.ToString(mode, 8).PadLeft(7, '0'));
        Put(108, "0000000");
        Put(116, "0000000");
        Put(124, Convert.ToString(size, 8).PadLeft(11, '0'));
        Put(136, Convert.ToString(mtime, 8).PadLeft(11, '0'));
        Put(148, "        ");
        header[156] = (byte)type;
        Put(257, "ustar\0");
        Put(263, "00");
        int sum = header.Sum(b => b);
        Put(148, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        return header;
    }

    /// <summary>The finished tar (end-of-archive blocks included).</summary>
    public byte[] ToArray()
    {
        _writer.Dispose();
        return _tar.ToArray();
    }
}
