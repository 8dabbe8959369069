using System.Runtime.ExceptionServices;

namespace DockerToLinux.RootFs;

/// <summary>A layer read ahead of its turn (see <see cref="LayerApplier.RecordAsync"/>): its entries and how the reading ended.</summary>
/// <param name="Entries">The entries in tar order, each with the content its data was stored as.</param>
/// <param name="Failure">What stopped the reading after the last entry, or null when the layer was read to its end.</param>
internal sealed record LayerRecording(IReadOnlyList<RecordedEntry> Entries, ExceptionDispatchInfo? Failure);

/// <summary>One entry of a recorded layer.</summary>
/// <param name="Entry">The entry's headers (its data stream is gone).</param>
/// <param name="Content">The stored data of a regular file; null for everything else.</param>
internal sealed record RecordedEntry(LayerTarEntry Entry, FileContent? Content);
