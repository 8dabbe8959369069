using System.Globalization;

namespace DockerToLinux.Tests;

/// <summary>
/// I/O buffers: page-aligned (direct writes need it), reused once returned but never handed to two renters,
/// and in huge pages where the kernel offers them (the kernel's own accounting is the referee).
/// </summary>
public sealed class IoBufferTests
{
    [Fact]
    public unsafe void A_buffer_starts_and_ends_on_a_page_boundary()
    {
        var buffer = IoBuffer.Rent(5000);
        using (var pin = buffer.Pin())
        {
            Assert.Equal(0, (nint)pin.Pointer % IoBuffer.Alignment);
        }
        Assert.Equal(2 * IoBuffer.Alignment, buffer.Length);
        Assert.Equal(buffer.Length, buffer.Memory.Length);
        buffer.Return();
    }

    [Fact]
    public void A_returned_buffer_is_handed_out_again_but_returning_it_twice_does_not_hand_it_out_twice()
    {
        // A size no other code rents, so that tests running beside this one cannot take it.
        const int Size = 13 * IoBuffer.Alignment;
        var first = IoBuffer.Rent(Size);
        first.Return();
        first.Return();

        var again = IoBuffer.Rent(Size);
        var other = IoBuffer.Rent(Size);

        Assert.Same(first, again);
        Assert.NotSame(again, other);
        again.Return();
        other.Return();
    }

    [Fact]
    public void Disposing_a_buffer_returns_it_as_a_pipe_does_with_its_segments()
    {
        const int Size = 17 * IoBuffer.Alignment;
        var buffer = IoBuffer.Rent(Size);
        ((IDisposable)buffer).Dispose();

        Assert.Same(buffer, IoBuffer.Rent(Size));
    }

    [HugePageFact]
    public unsafe void A_touched_buffer_lies_in_huge_pages_when_the_kernel_offers_them()
    {
        var buffer = IoBuffer.Rent(8 << 20);
        var span = buffer.GetSpan();
        for (int i = 0; i < span.Length; i += IoBuffer.Alignment)
        {
            span[i] = 1;
        }
        nint address;
        using (var pin = buffer.Pin())
        {
            address = (nint)pin.Pointer;
        }

        Assert.True(AnonHugePagesKiB(address) >= 2048, "no huge page backs the buffer (/proc/self/smaps)");
    }

    // The AnonHugePages line of the mapping that holds address, in /proc/self/smaps.
    private static long AnonHugePagesKiB(nint address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            string first = line.Split(' ')[0];
            if (first.Contains('-') && !first.EndsWith(':'))
            {
                string[] range = first.Split('-');
                long start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                long end = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                inside = address >= start && address < end;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}

/// <summary>A fact that needs transparent huge pages (Linux, not switched off).</summary>
public sealed class HugePageFactAttribute : FactAttribute
{
    private const string Setting = "/sys/kernel/mm/transparent_hugepage/enabled";

    /// <summary>Skips the test, with the reason, where the kernel gives no transparent huge pages.</summary>
    public HugePageFactAttribute() =>
        Skip = !File.Exists(Setting) ? "no transparent huge pages on this system"
            : File.ReadAllText(Setting).Contains("[never]", StringComparison.Ordinal) ? "transparent huge pages are switched off"
            : null;
}
