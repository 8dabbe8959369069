using DockerToLinux.Images;

namespace DockerToLinux.Publish;

/// <summary>What identifies a written layer.</summary>
/// <param name="Digest">The sha256 of the compressed blob.</param>
/// <param name="Size">The blob's size in bytes.</param>
/// <param name="DiffId">The sha256 of the uncompressed tar.</param>
internal sealed record LayerDigests(Digest Digest, long Size, Digest DiffId);
