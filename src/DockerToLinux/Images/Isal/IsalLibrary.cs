using System.IO.Compression;
using System.Runtime.InteropServices;

namespace DockerToLinux.Images.Isal;

/// <summary>
/// Intel's ISA-L inflate (<c>libisal</c>), used for gzip layers when the host has it: on x86-64 it inflates
/// a layer about a third faster than zlib-ng (.NET's <see cref="GZipStream"/>), and inflating the largest
/// layer is the longest chain of a build. It is optional: without the library, or with
/// <c>D2L_ISAL=0</c>, layers go through <see cref="GZipStream"/> and the disk is the same byte for byte.
/// The library is only loaded, never run as a program, and nothing of it is shipped with d2l.
/// </summary>
internal sealed unsafe class IsalLibrary
{
    // The shared-library names ISA-L's packages install (Debian/Ubuntu libisal2, Fedora isa-l,
    // Homebrew isa-l, a Windows build).
    private static readonly string[] Names = ["libisal.so.2", "libisal.2.dylib", "isa-l.dll"];

    private static readonly Lazy<IsalLibrary?> Loaded = new(Load);

    private readonly delegate* unmanaged<byte*, void> _init;
    private readonly delegate* unmanaged<byte*, int> _inflate;

    private IsalLibrary(nint handle, string name)
    {
        Name = name;
        _init = (delegate* unmanaged<byte*, void>)NativeLibrary.GetExport(handle, "isal_inflate_init");
        _inflate = (delegate* unmanaged<byte*, int>)NativeLibrary.GetExport(handle, "isal_inflate");
    }

    /// <summary>The host's ISA-L when it is present, enabled and passes the self-check; otherwise null.</summary>
    public static IsalLibrary? Shared => Loaded.Value;

    /// <summary>The shared library's file name, as loaded.</summary>
    public string Name { get; }

    /// <summary>Why ISA-L is not used, for <c>--verbose</c> reports; null when it is.</summary>
    public static string? WhyNot { get; private set; }

    /// <summary>Resets <paramref name="state"/> to the start of a stream (<c>isal_inflate_init</c>).</summary>
    public void Init(byte* state) => _init(state);

    /// <summary>Inflates from the state's input into its output (<c>isal_inflate</c>); negative on corrupt data.</summary>
    public int Inflate(byte* state) => _inflate(state);

    private static IsalLibrary? Load()
    {
        if (Environment.GetEnvironmentVariable("D2L_ISAL") == "0")
        {
            WhyNot = "disabled by D2L_ISAL=0";
            return null;
        }
        foreach (string name in Names)
        {
            if (!NativeLibrary.TryLoad(name, typeof(IsalLibrary).Assembly, null, out nint handle))
            {
                continue;
            }
            try
            {
                var library = new IsalLibrary(handle, name);
                WhyNot = SelfCheck(library);
                if (WhyNot is null)
                {
                    return library;
                }
            }
            catch (EntryPointNotFoundException error)
            {
                WhyNot = $"{name} lacks {error.Message}";
            }
            NativeLibrary.Free(handle);
            return null;
        }
        WhyNot = "libisal is not installed";
        return null;
    }

    // The state's layout is compiled into d2l (IsalState); a library built with another layout must not be
    // trusted with layers. Two gzip members of known bytes, inflated in small steps, must come out exact.
    private static string? SelfCheck(IsalLibrary library)
    {
        var expected = new byte[200_000];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = (byte)(i * 7 % 251 ^ i >> 9);
        }
        var compressed = new MemoryStream();
        foreach (var half in new[] { expected.AsMemory(0, 120_000), expected.AsMemory(120_000) })
        {
            using var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write(half.Span);
        }
        compressed.Position = 0;
        try
        {
            using var inflated = new IsalGzipStream(compressed, library);
            var actual = new byte[expected.Length + 1];
            int total = 0;
            int read;
            while ((read = inflated.Read(actual.AsSpan(total, Math.Min(50_000, actual.Length - total)))) > 0)
            {
                total += read;
            }
            return total == expected.Length && actual.AsSpan(0, total).SequenceEqual(expected)
                ? null
                : "libisal's inflate gave different bytes (another struct layout?)";
        }
        catch (InvalidDataException error)
        {
            return $"libisal failed its self-check ({error.Message})";
        }
    }
}
