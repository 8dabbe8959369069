namespace DockerToLinux.Images.Zlib;

/// <summary>
/// CRC-32 (the gzip polynomial, bit-reflected) as arithmetic on polynomials over GF(2), so the CRC of the
/// tail of some data follows from the CRC of the whole and of the head without reading the data again:
/// crc(head ++ tail) = crc(head) * x^(8 * |tail|) + crc(tail), the pre- and post-inversions cancelling.
/// </summary>
internal static class Crc32Arithmetic
{
    // The gzip polynomial with x^0 in the top bit, as the CRC register holds it.
    private const uint Polynomial = 0xEDB88320;
    private const uint One = 1u << 31;

    /// <summary>The CRC-32 of the last <paramref name="tailLength"/> bytes of some data.</summary>
    /// <param name="whole">The CRC-32 of all the data.</param>
    /// <param name="head">The CRC-32 of the data before the tail.</param>
    /// <param name="tailLength">How many bytes the tail has.</param>
    public static uint OfTail(uint whole, uint head, long tailLength) => whole ^ Multiply(head, XToThe8Times(tailLength));

    // a * b modulo the polynomial: b is multiplied by x once for each lower bit of a.
    private static uint Multiply(uint a, uint b)
    {
        uint product = 0;
        for (uint bit = One; bit != 0; bit >>= 1)
        {
            if ((a & bit) != 0)
            {
                product ^= b;
            }
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
        return product;
    }

    // x^(8n) modulo the polynomial, by squaring: one multiplication per bit of n.
    private static uint XToThe8Times(long n)
    {
        uint result = One;
        uint power = One >> 8;
        for (; n > 0; n >>= 1)
        {
            if ((n & 1) != 0)
            {
                result = Multiply(result, power);
            }
            power = Multiply(power, power);
        }
        return result;
    }
}
