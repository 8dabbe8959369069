namespace DockerToLinux.Ext4;

/// <summary>A mapping of consecutive logical file blocks to consecutive physical blocks.</summary>
/// <param name="Logical">The first logical block in the file.</param>
/// <param name="Physical">The first physical block.</param>
/// <param name="Length">Blocks mapped, 1 to <see cref="MaxLength"/>.</param>
internal readonly record struct Extent(long Logical, long Physical, int Length)
{
    /// <summary>The longest initialized extent ext4 allows.</summary>
    public const int MaxLength = 32768;

    /// <summary>
    /// Appends a mapping to a sorted list, extending the last extent when it continues both logically and
    /// physically, and splitting at <see cref="MaxLength"/>.
    /// </summary>
    public static void Append(List<Extent> extents, long logical, long physical, long count)
    {
        while (count > 0)
        {
            if (extents.Count > 0)
            {
                var last = extents[^1];
                if (last.Logical + last.Length == logical && last.Physical + last.Length == physical
                    && last.Length < MaxLength)
                {
                    int grow = (int)Math.Min(count, MaxLength - last.Length);
                    extents[^1] = last with { Length = last.Length + grow };
                    logical += grow;
                    physical += grow;
                    count -= grow;
                    continue;
                }
            }
            int take = (int)Math.Min(count, MaxLength);
            extents.Add(new Extent(logical, physical, take));
            logical += take;
            physical += take;
            count -= take;
        }
    }
}
