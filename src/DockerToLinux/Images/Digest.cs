using System.Security.Cryptography;

namespace DockerToLinux.Images;

/// <summary>
/// A content digest as OCI writes it, <c>algorithm:hex</c>. Only sha256 and sha512 are accepted, the two
/// algorithms the image spec registers; the hex part is lower case and has the algorithm's length.
/// </summary>
/// <param name="Algorithm">"sha256" or "sha512".</param>
/// <param name="Hex">The hash in lower-case hexadecimal.</param>
internal sealed record Digest(string Algorithm, string Hex)
{
    /// <summary>Parses a digest, returning false for anything malformed.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Digest? digest)
    {
        digest = null;
        int colon = text?.IndexOf(':') ?? -1;
        if (text is null || colon < 0)
        {
            return false;
        }
        string algorithm = text[..colon];
        string hex = text[(colon + 1)..];
        int expectedLength = algorithm switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (hex.Length != expectedLength || !hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
        {
            return false;
        }
        digest = new Digest(algorithm, hex);
        return true;
    }

    /// <summary>The sha256 digest of some bytes.</summary>
    public static Digest Sha256Of(ReadOnlySpan<byte> data) => new("sha256", Convert.ToHexStringLower(SHA256.HashData(data)));

    /// <summary>The hash algorithm this digest names (sha256 or sha512), to check content while it streams.</summary>
    internal HashAlgorithmName HashAlgorithm => Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;

    /// <summary>The digest as <c>algorithm:hex</c>.</summary>
    public override string ToString() => $"{Algorithm}:{Hex}";
}
